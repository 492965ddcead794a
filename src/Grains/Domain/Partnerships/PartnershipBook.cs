namespace Viidakko.Grains.Domain;

/// <summary>
/// One firm's halves of its partnerships and what may happen to them. A partnership is kept on
/// both sides (Orleans' Chirper): the acting firm takes a change here, tells the partner, then
/// persists; the partner mirrors it with <see cref="Mirror"/>. Both halves converge on one record.
/// </summary>
public sealed class PartnershipBook(string firmId, ItemMap<PartnershipHalf> halves)
{
    // Partners this firm is telling of a change of its own right now, and the partner's change that
    // lost the tie against it meanwhile: if telling fails, that change is what the half becomes.
    private readonly HashSet<string> _telling = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PartnershipChange> _heldBack = new(StringComparer.Ordinal);

    /// <summary>This firm's half with <paramref name="partnerId"/>, if any.</summary>
    public PartnershipHalf? Find(string partnerId) => halves.GetValueOrDefault(partnerId);

    /// <summary>This firm's half with <paramref name="partnerId"/>; NOT_FOUND when there is none.</summary>
    public PartnershipHalf Get(string partnerId) => Find(partnerId) ?? throw DomainException.NotFound("Partnership");

    /// <summary>True while the two firms are partners.</summary>
    public bool IsActive(string partnerId) => Find(partnerId)?.Status == PartnershipStatus.Active;

    /// <summary>Every partner's status, for matching and the scoreboard.</summary>
    public Dictionary<string, PartnershipStatus> Statuses() =>
        halves.ToDictionary(p => p.Key, p => p.Value.Status, StringComparer.Ordinal);

    /// <summary>A new proposal to <paramref name="partnerId"/>, replacing a declined or ended half.</summary>
    public PartnershipHalf Propose(string partnerId, PartnershipTerms terms, string message, DateTime now)
    {
        if (partnerId == firmId)
        {
            throw DomainException.Invalid("partner", "a firm cannot partner with itself");
        }

        var current = Find(partnerId);
        PartnershipRules.EnsureCanPropose(current?.Status, current?.ProposerFirmId == firmId);
        return new PartnershipHalf
        {
            PartnerFirmId = partnerId,
            Status = PartnershipStatus.Proposed,
            ProposerFirmId = firmId,
            Terms = terms,
            Message = message,
            StatusNote = "",
            LastActorFirmId = firmId,
            Version = (current?.Version ?? 0) + 1,
            CreateTime = now,
            UpdateTime = now,
        };
    }

    /// <summary>Accepting or declining a proposal made to this firm.</summary>
    public PartnershipHalf Answer(string partnerId, PartnershipStatus answer, string note, DateTime now)
    {
        var half = Get(partnerId);
        PartnershipRules.EnsureCanAnswer(half.Status, half.ProposerFirmId == firmId, answer == PartnershipStatus.Active ? "accept" : "decline");
        return Next(half, answer, note, now);
    }

    /// <summary>Ending an active partnership, or withdrawing this firm's own proposal.</summary>
    public PartnershipHalf End(string partnerId, string note, DateTime now)
    {
        var half = Get(partnerId);
        PartnershipRules.EnsureCanEnd(half.Status, half.ProposerFirmId == firmId);
        return Next(half, PartnershipStatus.Ended, note, now);
    }

    /// <summary>
    /// Takes this firm's own change in memory before the partner hears of it, so a change the
    /// partner makes at the same moment is resolved by <see cref="Supersedes"/> on both sides.
    /// Returns what to give back to <see cref="Undo"/> when the partner could not be told.
    /// </summary>
    public PartnershipHalf? Take(PartnershipHalf next)
    {
        var previous = Find(next.PartnerFirmId);
        halves[next.PartnerFirmId] = next;
        _telling.Add(next.PartnerFirmId);
        return previous;
    }

    /// <summary>The partner has this firm's change: it stands.</summary>
    public void Settle(string partnerId)
    {
        _telling.Remove(partnerId);
        _heldBack.Remove(partnerId);
    }

    /// <summary>
    /// The partner could not be told: puts <paramref name="previous"/> back, unless something newer
    /// replaced <paramref name="taken"/> meanwhile, and takes the partner's own change if one arrived
    /// meanwhile and lost the tie only against the change now undone (else the two halves would differ).
    /// </summary>
    public void Undo(PartnershipHalf taken, PartnershipHalf? previous)
    {
        var partnerId = taken.PartnerFirmId;
        _telling.Remove(partnerId);
        _heldBack.Remove(partnerId, out var heldBack);
        if (!ReferenceEquals(Find(partnerId), taken))
        {
            return;
        }

        if (previous is null)
        {
            halves.Remove(partnerId);
        }
        else
        {
            halves[partnerId] = previous;
        }

        if (heldBack is not null)
        {
            Mirror(heldBack, suspended: false);
        }
    }

    /// <summary>What to tell the partner about this firm's half.</summary>
    public PartnershipChange ChangeOf(PartnershipHalf h) =>
        new(firmId, h.Status, h.ProposerFirmId, h.Terms, h.Message, h.StatusNote, h.LastActorFirmId, h.Version, h.CreateTime, h.UpdateTime);

    /// <summary>
    /// Mirrors the partner's change (idempotent by version); false when this firm's half already
    /// holds it or something newer. A suspended firm takes no new proposals.
    /// </summary>
    public bool Mirror(PartnershipChange change, bool suspended)
    {
        if (suspended && change.Status == PartnershipStatus.Proposed && change.ProposerFirmId == change.FromFirmId)
        {
            throw DomainException.Precondition(Reasons.FirmSuspended, "That firm is suspended and cannot take partnership proposals.");
        }

        var local = Find(change.FromFirmId);
        if (local is not null && !Supersedes(change.Version, change.LastActorFirmId, local.Version, local.LastActorFirmId)
            && !IsRedo(change, local))
        {
            if (_telling.Contains(change.FromFirmId))
            {
                _heldBack[change.FromFirmId] = change;
            }

            return false;
        }

        halves[change.FromFirmId] = new PartnershipHalf
        {
            PartnerFirmId = change.FromFirmId,
            Status = change.Status,
            ProposerFirmId = change.ProposerFirmId,
            Terms = change.Terms,
            Message = change.Message,
            StatusNote = change.StatusNote,
            LastActorFirmId = change.LastActorFirmId,
            Version = change.Version,
            CreateTime = change.CreateTime,
            UpdateTime = change.UpdateTime,
        };
        return true;
    }

    /// <summary>Halves ordered by partner id, after <paramref name="afterPartnerId"/>, one more than the page to tell whether another follows.</summary>
    public List<PartnershipHalf> Page(PartnershipStatus? status, int pageSize, string? afterPartnerId) =>
        halves.Values
            .Where(p => status is null || p.Status == status)
            .Where(p => afterPartnerId is null || string.CompareOrdinal(p.PartnerFirmId, afterPartnerId) > 0)
            .OrderBy(p => p.PartnerFirmId, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();

    /// <summary>
    /// Both halves converge on the same record: a higher version wins; when both firms acted at
    /// the same version at once, the change by the firm with the smaller id wins on both sides.
    /// </summary>
    public static bool Supersedes(long incomingVersion, string incomingActor, long localVersion, string localActor) =>
        incomingVersion > localVersion
        || (incomingVersion == localVersion && string.CompareOrdinal(incomingActor, localActor) < 0);

    /// <summary>
    /// The same firm at the same version with different content: its first attempt reached us but
    /// failed on its side (it undid it), and this is what it did instead. Take the new content.
    /// </summary>
    private static bool IsRedo(PartnershipChange change, PartnershipHalf local) =>
        change.Version == local.Version && change.LastActorFirmId == local.LastActorFirmId
        && (change.Status != local.Status || change.Message != local.Message || change.StatusNote != local.StatusNote
            || !SameTerms(change.Terms, local.Terms));

    private static bool SameTerms(PartnershipTerms a, PartnershipTerms b) =>
        a.FeePercent == b.FeePercent && a.FeeCapMonths == b.FeeCapMonths && a.NonSolicitMonths == b.NonSolicitMonths
        && a.Scope.SequenceEqual(b.Scope, StringComparer.Ordinal);

    private PartnershipHalf Next(PartnershipHalf current, PartnershipStatus status, string note, DateTime now) => new()
    {
        PartnerFirmId = current.PartnerFirmId,
        Status = status,
        ProposerFirmId = current.ProposerFirmId,
        Terms = current.Terms,
        Message = current.Message,
        StatusNote = note,
        LastActorFirmId = firmId,
        Version = current.Version + 1,
        CreateTime = current.CreateTime,
        UpdateTime = now,
    };
}
