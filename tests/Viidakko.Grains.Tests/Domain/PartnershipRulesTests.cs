using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class PartnershipRulesTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(PartnershipStatus.Declined, false)]
    [InlineData(PartnershipStatus.Declined, true)]
    [InlineData(PartnershipStatus.Ended, false)]
    [InlineData(PartnershipStatus.Ended, true)]
    public void New_proposal_is_allowed_when_there_is_none_or_the_last_one_is_over(PartnershipStatus? current, bool proposedBySelf)
    {
        PartnershipRules.EnsureCanPropose(current, proposedBySelf);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Active_partners_cannot_propose_again(bool proposedBySelf)
    {
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, "PARTNERSHIP_EXISTS",
            () => PartnershipRules.EnsureCanPropose(PartnershipStatus.Active, proposedBySelf));
    }

    [Fact]
    public void Own_open_proposal_already_exists()
    {
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, "PARTNERSHIP_EXISTS",
            () => PartnershipRules.EnsureCanPropose(PartnershipStatus.Proposed, currentProposedBySelf: true));
    }

    [Fact]
    public void Partner_open_proposal_must_be_answered_first()
    {
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ProposalPending,
            () => PartnershipRules.EnsureCanPropose(PartnershipStatus.Proposed, currentProposedBySelf: false));
    }

    [Fact]
    public void Invited_firm_answers_an_open_proposal()
    {
        PartnershipRules.EnsureCanAnswer(PartnershipStatus.Proposed, proposedBySelf: false, "accept");
    }

    [Fact]
    public void Proposer_cannot_answer_its_own_proposal()
    {
        AssertDomain.Throws(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => PartnershipRules.EnsureCanAnswer(PartnershipStatus.Proposed, proposedBySelf: true, "accept"));
    }

    [Theory]
    [InlineData(PartnershipStatus.Active)]
    [InlineData(PartnershipStatus.Declined)]
    [InlineData(PartnershipStatus.Ended)]
    [InlineData(PartnershipStatus.Unspecified)]
    public void Only_an_open_proposal_can_be_answered(PartnershipStatus current)
    {
        var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => PartnershipRules.EnsureCanAnswer(current, proposedBySelf: false, "decline"));
        Assert.Contains(PartnershipRules.Describe(current), error.Message);
    }

    [Theory]
    [InlineData(PartnershipStatus.Active, false)]
    [InlineData(PartnershipStatus.Active, true)]
    [InlineData(PartnershipStatus.Proposed, true)]
    public void Either_partner_ends_and_the_proposer_withdraws(PartnershipStatus current, bool proposedBySelf)
    {
        PartnershipRules.EnsureCanEnd(current, proposedBySelf);
    }

    [Theory]
    [InlineData(PartnershipStatus.Proposed, false)]
    [InlineData(PartnershipStatus.Declined, false)]
    [InlineData(PartnershipStatus.Declined, true)]
    [InlineData(PartnershipStatus.Ended, true)]
    public void Nothing_else_can_be_ended(PartnershipStatus current, bool proposedBySelf)
    {
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => PartnershipRules.EnsureCanEnd(current, proposedBySelf));
    }
}
