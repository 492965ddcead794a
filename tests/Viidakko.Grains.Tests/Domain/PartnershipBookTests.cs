using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="PartnershipBook"/>: one firm's halves of its partnerships, what each firm may do to
/// them, and how the two halves converge when each side mirrors the other's changes.
/// </summary>
public sealed class PartnershipBookTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly PartnershipTerms Terms = new(10m, 6, 12, ["accounting"]);

    private static PartnershipBook Book(string firmId, out ItemMap<PartnershipHalf> halves)
    {
        halves = new ItemMap<PartnershipHalf>();
        return new PartnershipBook(firmId, halves);
    }

    private static PartnershipBook Book(string firmId) => Book(firmId, out _);

    /// <summary>Alfa proposes to beta; both books hold the proposal.</summary>
    private static (PartnershipBook Alfa, PartnershipBook Beta) Proposed()
    {
        var alfa = Book("alfa");
        var beta = Book("beta");
        Act(alfa, beta, alfa.Propose("beta", Terms, "Hello", T0));
        return (alfa, beta);
    }

    /// <summary>A change as the grain makes it: taken on the acting side, then mirrored by the partner.</summary>
    private static void Act(PartnershipBook actor, PartnershipBook partner, PartnershipHalf next)
    {
        actor.Take(next);
        partner.Mirror(actor.ChangeOf(next), suspended: false);
    }

    private static void AssertSameRecord(PartnershipHalf a, PartnershipHalf b)
    {
        Assert.Equal(
            (a.Status, a.ProposerFirmId, a.Message, a.StatusNote, a.LastActorFirmId, a.Version, a.CreateTime, a.UpdateTime),
            (b.Status, b.ProposerFirmId, b.Message, b.StatusNote, b.LastActorFirmId, b.Version, b.CreateTime, b.UpdateTime));
        Assert.Equal((a.Terms.FeePercent, a.Terms.FeeCapMonths, a.Terms.NonSolicitMonths), (b.Terms.FeePercent, b.Terms.FeeCapMonths, b.Terms.NonSolicitMonths));
        Assert.Equal(a.Terms.Scope, b.Terms.Scope);
    }

    // ------------------------------------------------------------------ propose, answer, end

    [Fact]
    public void A_proposal_is_version_one_by_the_proposer_and_is_not_kept_until_taken()
    {
        var book = Book("alfa", out var halves);
        var proposal = book.Propose("beta", Terms, "Hello", T0);

        Assert.Equal((PartnershipStatus.Proposed, "alfa", "alfa", 1L, "Hello", ""),
            (proposal.Status, proposal.ProposerFirmId, proposal.LastActorFirmId, proposal.Version, proposal.Message, proposal.StatusNote));
        Assert.Equal(("beta", T0, T0), (proposal.PartnerFirmId, proposal.CreateTime, proposal.UpdateTime));
        Assert.Same(Terms, proposal.Terms);
        Assert.Null(book.Find("beta"));
        Assert.Empty(halves);

        Assert.Null(book.Take(proposal));
        Assert.Same(proposal, book.Get("beta"));
        Assert.False(book.IsActive("beta"));
        Assert.Equal(PartnershipStatus.Proposed, book.Statuses()["beta"]);
    }

    [Fact]
    public void A_firm_cannot_propose_to_itself()
    {
        var error = AssertDomain.Throws(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument,
            () => Book("alfa").Propose("alfa", Terms, "me", T0));
        Assert.Equal("partner", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void A_second_proposal_is_refused_from_either_side_and_between_partners()
    {
        var (alfa, beta) = Proposed();

        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.PartnershipExists, () => alfa.Propose("beta", Terms, "again", T0));
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ProposalPending, () => beta.Propose("alfa", Terms, "me too", T0));

        Act(beta, alfa, beta.Answer("alfa", PartnershipStatus.Active, "yes", T0.AddHours(1)));
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.PartnershipExists, () => alfa.Propose("beta", Terms, "again", T0));
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.PartnershipExists, () => beta.Propose("alfa", Terms, "again", T0));
    }

    [Theory]
    [InlineData(PartnershipStatus.Declined)]
    [InlineData(PartnershipStatus.Ended)]
    public void A_new_proposal_replaces_a_declined_or_ended_half_at_the_next_version(PartnershipStatus outcome)
    {
        var (alfa, beta) = Proposed();
        var closed = outcome == PartnershipStatus.Declined
            ? beta.Answer("alfa", PartnershipStatus.Declined, "no", T0.AddHours(1))
            : alfa.End("beta", "withdrawn", T0.AddHours(1));
        Act(outcome == PartnershipStatus.Declined ? beta : alfa, outcome == PartnershipStatus.Declined ? alfa : beta, closed);

        // Either firm may propose anew; the record starts over at the next version.
        var again = beta.Propose("alfa", new PartnershipTerms(5m, 0, 3, []), "Try again?", T0.AddDays(1));
        Assert.Equal((PartnershipStatus.Proposed, "beta", 3L, T0.AddDays(1), "Try again?"),
            (again.Status, again.ProposerFirmId, again.Version, again.CreateTime, again.Message));
    }

    [Fact]
    public void Only_the_invited_firm_answers_an_open_proposal()
    {
        var (alfa, beta) = Proposed();

        AssertDomain.Throws(DomainErrorKind.PermissionDenied, Reasons.WrongRole, () => alfa.Answer("beta", PartnershipStatus.Active, "me", T0));
        AssertDomain.Throws(DomainErrorKind.PermissionDenied, Reasons.WrongRole, () => alfa.Answer("beta", PartnershipStatus.Declined, "me", T0));
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, () => beta.Answer("gamma", PartnershipStatus.Active, "who", T0));

        var accepted = beta.Answer("alfa", PartnershipStatus.Active, "Gladly", T0.AddHours(2));
        Assert.Equal((PartnershipStatus.Active, 2L, "beta", "Gladly", "alfa", "Hello"),
            (accepted.Status, accepted.Version, accepted.LastActorFirmId, accepted.StatusNote, accepted.ProposerFirmId, accepted.Message));
        Assert.Equal((T0, T0.AddHours(2)), (accepted.CreateTime, accepted.UpdateTime));
        Assert.Same(Terms, accepted.Terms);
        // Answering does not change the book until the change is taken.
        Assert.Equal(PartnershipStatus.Proposed, beta.Get("alfa").Status);

        Act(beta, alfa, accepted);
        Assert.True(alfa.IsActive("beta") && beta.IsActive("alfa"));
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition, () => beta.Answer("alfa", PartnershipStatus.Declined, "no", T0));
    }

    [Fact]
    public void Either_partner_ends_an_active_partnership_but_only_the_proposer_withdraws_a_proposal()
    {
        var (alfa, beta) = Proposed();
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition, () => beta.End("alfa", "no", T0));
        var withdrawn = alfa.End("beta", "withdrawn", T0.AddHours(1));
        Assert.Equal((PartnershipStatus.Ended, 2L, "alfa", "withdrawn"), (withdrawn.Status, withdrawn.Version, withdrawn.LastActorFirmId, withdrawn.StatusNote));
        Act(alfa, beta, withdrawn);
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition, () => alfa.End("beta", "again", T0));
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition, () => beta.End("alfa", "again", T0));

        var (a2, b2) = Proposed();
        Act(b2, a2, b2.Answer("alfa", PartnershipStatus.Active, "ok", T0.AddHours(1)));
        var ended = b2.End("alfa", "bye", T0.AddHours(2));
        Assert.Equal((PartnershipStatus.Ended, 3L, "beta"), (ended.Status, ended.Version, ended.LastActorFirmId));
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, () => b2.End("gamma", "who", T0));
    }

    // ------------------------------------------------------------------ take and undo

    [Fact]
    public void Undo_puts_the_previous_half_back_or_removes_a_new_one()
    {
        var book = Book("alfa", out var halves);
        var proposal = book.Propose("beta", Terms, "Hello", T0);
        var previous = book.Take(proposal);
        book.Undo(proposal, previous);
        Assert.Null(book.Find("beta"));
        Assert.Empty(halves);

        book.Take(proposal);
        var ended = book.End("beta", "withdrawn", T0.AddHours(1));
        var before = book.Take(ended);
        Assert.Same(proposal, before);
        Assert.Same(ended, book.Get("beta"));
        book.Undo(ended, before);
        Assert.Same(proposal, book.Get("beta"));
    }

    [Fact]
    public void Undo_leaves_a_newer_half_that_arrived_meanwhile()
    {
        var (alfa, _) = Proposed();
        var withdrawn = alfa.End("beta", "withdrawn", T0.AddHours(1));
        var previous = alfa.Take(withdrawn);
        // While alfa is telling beta, a newer change of beta's arrives and replaces alfa's own.
        var newer = new PartnershipChange("beta", PartnershipStatus.Active, "alfa", Terms, "Hello", "yes", "beta", 3, T0, T0.AddHours(2));
        Assert.True(alfa.Mirror(newer, suspended: false));

        alfa.Undo(withdrawn, previous);
        Assert.Equal((PartnershipStatus.Active, 3L, "beta"), (alfa.Get("beta").Status, alfa.Get("beta").Version, alfa.Get("beta").LastActorFirmId));
    }

    [Fact]
    public void A_partner_change_that_lost_the_tie_to_a_change_now_undone_is_taken_instead()
    {
        // Alfa withdraws while beta accepts, both at version 2; alfa's change wins the tie (smaller
        // id), so alfa holds beta's back; then alfa cannot tell beta and undoes its own.
        var (alfa, beta) = Proposed();
        var withdrawn = alfa.End("beta", "withdrawn", T0.AddHours(1));
        var previous = alfa.Take(withdrawn);
        var accepted = beta.Answer("alfa", PartnershipStatus.Active, "yes", T0.AddHours(1));
        beta.Take(accepted);
        Assert.False(alfa.Mirror(beta.ChangeOf(accepted), suspended: false));

        alfa.Undo(withdrawn, previous);

        // Beta never heard of the withdrawal: both halves now hold beta's acceptance.
        AssertSameRecord(beta.Get("alfa"), alfa.Get("beta"));
        Assert.Equal(PartnershipStatus.Active, alfa.Get("beta").Status);
    }

    [Fact]
    public void A_settled_change_forgets_what_it_held_back()
    {
        var (alfa, beta) = Proposed();
        var withdrawn = alfa.End("beta", "withdrawn", T0.AddHours(1));
        var previous = alfa.Take(withdrawn);
        var accepted = beta.Answer("alfa", PartnershipStatus.Active, "yes", T0.AddHours(1));
        Assert.False(alfa.Mirror(beta.ChangeOf(accepted), suspended: false));
        alfa.Settle("beta");

        // A later undo of something else (the half was replaced) does not bring the old change back.
        alfa.Undo(withdrawn, previous);
        Assert.Equal(PartnershipStatus.Proposed, alfa.Get("beta").Status);
    }

    // ------------------------------------------------------------------ mirror

    [Fact]
    public void ChangeOf_tells_the_partner_everything_of_the_half_from_this_firm()
    {
        var book = Book("alfa");
        var half = book.Propose("beta", Terms, "Hello", T0);
        var change = book.ChangeOf(half);
        Assert.Equal(new PartnershipChange("alfa", PartnershipStatus.Proposed, "alfa", Terms, "Hello", "", "alfa", 1, T0, T0), change);
    }

    [Fact]
    public void Mirror_is_idempotent_by_version()
    {
        var beta = Book("beta", out var halves);
        var proposal = new PartnershipChange("alfa", PartnershipStatus.Proposed, "alfa", Terms, "Hello", "", "alfa", 1, T0, T0);
        var accepted = proposal with { Status = PartnershipStatus.Active, StatusNote = "yes", LastActorFirmId = "beta", Version = 2, UpdateTime = T0.AddHours(1) };

        Assert.True(beta.Mirror(proposal, suspended: false));
        Assert.Equal(("alfa", PartnershipStatus.Proposed, 1L), (beta.Get("alfa").PartnerFirmId, beta.Get("alfa").Status, beta.Get("alfa").Version));
        ((IItemMap)halves).TakeChanges();

        // The same change again, and an older one after a newer one, change nothing (not even storage).
        Assert.False(beta.Mirror(proposal, suspended: false));
        Assert.True(beta.Mirror(accepted, suspended: false));
        Assert.False(beta.Mirror(proposal, suspended: false));
        Assert.False(beta.Mirror(accepted, suspended: false));
        Assert.Equal((PartnershipStatus.Active, 2L, "yes"), (beta.Get("alfa").Status, beta.Get("alfa").Version, beta.Get("alfa").StatusNote));
        Assert.Equal(["alfa"], ((IItemMap)halves).TakeChanges());
    }

    [Fact]
    public void A_redo_at_the_same_version_by_the_same_firm_replaces_its_first_attempt()
    {
        var beta = Book("beta");
        var first = new PartnershipChange("alfa", PartnershipStatus.Proposed, "alfa", Terms, "Hello", "", "alfa", 1, T0, T0);
        Assert.True(beta.Mirror(first, suspended: false));

        var redo = first with { Terms = new PartnershipTerms(15m, 3, 6, ["payroll"]), UpdateTime = T0.AddSeconds(1) };
        Assert.True(beta.Mirror(redo, suspended: false));
        Assert.Equal((15m, T0.AddSeconds(1)), (beta.Get("alfa").Terms.FeePercent, beta.Get("alfa").UpdateTime));
        Assert.False(beta.Mirror(redo with { Terms = redo.Terms with { Scope = ["payroll"] } }, suspended: false));

        Assert.True(beta.Mirror(redo with { Message = "Hello again" }, suspended: false));
        Assert.Equal("Hello again", beta.Get("alfa").Message);
    }

    [Fact]
    public void A_suspended_firm_takes_no_new_proposal_but_still_mirrors_other_changes()
    {
        var beta = Book("beta");
        var proposal = new PartnershipChange("alfa", PartnershipStatus.Proposed, "alfa", Terms, "Hello", "", "alfa", 1, T0, T0);
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.FirmSuspended, () => beta.Mirror(proposal, suspended: true));
        Assert.Null(beta.Find("alfa"));

        Assert.True(beta.Mirror(proposal, suspended: false));
        var ended = proposal with { Status = PartnershipStatus.Ended, Version = 2, UpdateTime = T0.AddHours(1) };
        Assert.True(beta.Mirror(ended, suspended: true));
        Assert.Equal(PartnershipStatus.Ended, beta.Get("alfa").Status);
        // Beta's own proposal answered by alfa is no new proposal to beta.
        var book = Book("gamma");
        book.Take(book.Propose("alfa", Terms, "Hi", T0));
        Assert.True(book.Mirror(new PartnershipChange("alfa", PartnershipStatus.Active, "gamma", Terms, "Hi", "ok", "alfa", 2, T0, T0), suspended: true));
    }

    [Fact]
    public void Simultaneous_proposals_converge_on_the_smaller_firm_ids()
    {
        var alfa = Book("alfa");
        var beta = Book("beta");
        var fromAlfa = alfa.Propose("beta", Terms, "from alfa", T0);
        var fromBeta = beta.Propose("alfa", Terms, "from beta", T0);
        alfa.Take(fromAlfa);
        beta.Take(fromBeta);

        Assert.False(alfa.Mirror(beta.ChangeOf(fromBeta), suspended: false));
        Assert.True(beta.Mirror(alfa.ChangeOf(fromAlfa), suspended: false));
        AssertSameRecord(alfa.Get("beta"), beta.Get("alfa"));
        Assert.Equal(("alfa", "from alfa"), (beta.Get("alfa").ProposerFirmId, beta.Get("alfa").Message));
    }

    /// <summary>
    /// Two firms act on their own halves at random, each on what it knows, and the changes reach the
    /// partner late and in any order: once every change has arrived, both halves are the same record.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Both_halves_converge_whatever_the_interleaving(int seed)
    {
        var random = new Random(seed);
        var books = new Dictionary<string, PartnershipBook> { ["alfa"] = Book("alfa"), ["beta"] = Book("beta") };
        var inFlight = new List<(string To, PartnershipChange Change)>();
        var now = T0;
        var acted = 0;

        for (var step = 0; step < 400; step++)
        {
            now = now.AddMinutes(1);
            if (inFlight.Count > 0 && random.Next(3) == 0)
            {
                var i = random.Next(inFlight.Count);
                var (to, change) = inFlight[i];
                inFlight.RemoveAt(i);
                books[to].Mirror(change, suspended: false);
                continue;
            }

            var (self, partner) = random.Next(2) == 0 ? ("alfa", "beta") : ("beta", "alfa");
            var book = books[self];
            PartnershipHalf next;
            try
            {
                next = random.Next(4) switch
                {
                    0 => book.Propose(partner, Terms, $"proposal {step}", now),
                    1 => book.Answer(partner, PartnershipStatus.Active, $"accept {step}", now),
                    2 => book.Answer(partner, PartnershipStatus.Declined, $"decline {step}", now),
                    _ => book.End(partner, $"end {step}", now),
                };
            }
            catch (DomainException)
            {
                continue; // not allowed from what this firm knows
            }

            book.Take(next);
            inFlight.Add((partner, book.ChangeOf(next)));
            acted++;
        }

        foreach (var (to, change) in inFlight.OrderBy(_ => random.Next()))
        {
            books[to].Mirror(change, suspended: false);
        }

        Assert.True(acted > 20, $"only {acted} changes were made");
        AssertSameRecord(books["alfa"].Get("beta"), books["beta"].Get("alfa"));
    }

    // ------------------------------------------------------------------ pages

    [Fact]
    public void Pages_go_by_partner_id_with_one_extra_to_tell_whether_more_follow()
    {
        var book = Book("alfa");
        foreach (var partner in new[] { "delta", "beta", "gamma", "epsilon" })
        {
            book.Take(book.Propose(partner, Terms, "", T0));
        }

        book.Take(book.End("gamma", "", T0));
        Assert.Equal(["beta", "delta", "epsilon"], book.Page(PartnershipStatus.Proposed, 10, null).Select(h => h.PartnerFirmId));
        Assert.Equal(["beta", "delta"], book.Page(PartnershipStatus.Proposed, 1, null).Select(h => h.PartnerFirmId));
        Assert.Equal(["epsilon"], book.Page(PartnershipStatus.Proposed, 10, "delta").Select(h => h.PartnerFirmId));
        Assert.Equal(["gamma"], book.Page(PartnershipStatus.Ended, 10, null).Select(h => h.PartnerFirmId));
        Assert.Equal(4, book.Page(null, 10, null).Count);
    }
}
