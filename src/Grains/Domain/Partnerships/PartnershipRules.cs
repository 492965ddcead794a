namespace Viidakko.Grains.Domain;

/// <summary>Who may move a partnership from which state to which.</summary>
public static class PartnershipRules
{
    /// <summary>Checks that a new proposal may replace the current half (null = none yet).</summary>
    public static void EnsureCanPropose(PartnershipStatus? current, bool currentProposedBySelf)
    {
        switch (current)
        {
            case PartnershipStatus.Active:
                throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.PartnershipExists, "The firms are already partners.");
            case PartnershipStatus.Proposed when currentProposedBySelf:
                throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.PartnershipExists, "A proposal to this firm is already waiting for an answer.");
            case PartnershipStatus.Proposed:
                throw DomainException.Precondition(Reasons.ProposalPending, "This firm has already proposed a partnership to you: accept or decline it.");
        }
    }

    /// <summary>Accept and decline are for the invited firm while the proposal is open.</summary>
    public static void EnsureCanAnswer(PartnershipStatus current, bool proposedBySelf, string verb)
    {
        if (current != PartnershipStatus.Proposed)
        {
            throw DomainException.Precondition(Reasons.IllegalTransition, $"Cannot {verb} a partnership that is {Describe(current)}; it must be PROPOSED.");
        }

        if (proposedBySelf)
        {
            throw DomainException.Denied(Reasons.WrongRole, $"Only the invited firm can {verb} a proposal.");
        }
    }

    /// <summary>Either firm ends an active partnership; the proposer may withdraw its proposal.</summary>
    public static void EnsureCanEnd(PartnershipStatus current, bool proposedBySelf)
    {
        if (current == PartnershipStatus.Active || (current == PartnershipStatus.Proposed && proposedBySelf))
        {
            return;
        }

        if (current == PartnershipStatus.Proposed)
        {
            throw DomainException.Precondition(Reasons.IllegalTransition, "Cannot end a proposal made to you; decline it instead.");
        }

        throw DomainException.Precondition(Reasons.IllegalTransition, $"Cannot end a partnership that is {Describe(current)}.");
    }

    /// <summary>Refuses skills outside the partnership's agreed scope (an empty scope allows any).</summary>
    public static void EnsureInScope(PartnershipTerms terms, IReadOnlyList<string> skills)
    {
        var outside = terms.Scope.Count == 0 ? [] : skills.Where(s => !terms.Scope.Contains(s)).ToList();
        if (outside.Count > 0)
        {
            throw DomainException.Precondition(Reasons.OutOfScope, $"Skills outside the partnership's agreed scope: {string.Join(", ", outside)}.");
        }
    }

    /// <summary>Proto-style name for messages.</summary>
    public static string Describe(PartnershipStatus status) => status switch
    {
        PartnershipStatus.Proposed => "PROPOSED",
        PartnershipStatus.Active => "ACTIVE",
        PartnershipStatus.Declined => "DECLINED",
        PartnershipStatus.Ended => "ENDED",
        _ => "UNSPECIFIED",
    };
}
