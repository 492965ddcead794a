namespace Viidakko.Grains.Tests.Cluster;

/// <summary>Set-up steps for the matching, feedback and scoreboard tests, on top of <see cref="TestNetwork"/>.</summary>
internal static class MatchingSteps
{
    public static Task<FirmView> RegisterFirmAsync(this TestNetwork n, string firmId, FirmProfile profile) =>
        n.Network.RegisterFirmAsync(firmId, profile, "hash-" + firmId);

    public static FirmProfile Profile(
        string firmId,
        IReadOnlyList<Capability> capabilities,
        IReadOnlyList<string>? traits = null,
        string city = "Turku",
        CapacityStatus capacity = CapacityStatus.Available,
        DateOnly? nextFreeDate = null,
        Person? person = null) => new(
        $"{firmId} Oy",
        city,
        "An agency.",
        [person ?? new Person($"Person of {firmId}", "", $"hello@{firmId}.example.fi", "")],
        capabilities,
        traits ?? [],
        capacity,
        nextFreeDate);

    /// <summary>A new client of <paramref name="referrer"/> referred to <paramref name="receiver"/>, accepted and started.</summary>
    public static async Task<string> StartedReferralAsync(
        this TestNetwork n, string referrer, string receiver, string clientId,
        IReadOnlyList<string>? skills = null, ReferralKind kind = ReferralKind.Referral)
    {
        await n.AddClientAsync(referrer, clientId, "bid-" + clientId);
        var created = await n.Firm(referrer).CreateReferralAsync(TestNetwork.Request(receiver, clientId, kind, skills));
        // As the gateway does: the receiver acts through its own firm.
        await n.Firm(receiver).ActOnReferralAsync(created.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm(receiver).ActOnReferralAsync(created.ReferralId, TestNetwork.Action(ReferralActionType.Start));
        return created.ReferralId;
    }

    public static async Task<ReferralView> WonReferralAsync(
        this TestNetwork n, string referrer, string receiver, string clientId, long wonValueCents = 1_200_000, int contractMonths = 12,
        IReadOnlyList<string>? skills = null, ReferralKind kind = ReferralKind.Referral)
    {
        var id = await n.StartedReferralAsync(referrer, receiver, clientId, skills, kind);
        return await n.Firm(receiver).ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Win, wonValueCents, contractMonths));
    }

    public static async Task<ReferralView> LostReferralAsync(
        this TestNetwork n, string referrer, string receiver, string clientId, IReadOnlyList<string>? skills = null)
    {
        var id = await n.StartedReferralAsync(referrer, receiver, clientId, skills);
        return await n.Firm(receiver).ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Lose));
    }

    public static async Task<ReferralView> DeclinedReferralAsync(this TestNetwork n, string referrer, string receiver, string clientId)
    {
        await n.AddClientAsync(referrer, clientId, "bid-" + clientId);
        var created = await n.Firm(referrer).CreateReferralAsync(TestNetwork.Request(receiver, clientId));
        return await n.Firm(receiver).ActOnReferralAsync(created.ReferralId, TestNetwork.Action(ReferralActionType.Decline));
    }

    /// <summary>Feedback with every firm criterion at <paramref name="score"/>.</summary>
    public static FeedbackInput Feedback(
        int score, ReferralQualityRating? quality = null, IReadOnlyList<PersonRating>? people = null, string? requestId = null) =>
        new(score, score, score, score, $"rated {score}", quality, people ?? [], requestId);

    /// <summary>
    /// Reads until <paramref name="done"/> holds: changes other than registration and profile edits reach
    /// the index after a short debounce.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The directory's (index's) public view of one firm.</summary>
    public static async Task<FirmView?> IndexedAsync(this TestNetwork n, string firmId, string? skill = null) =>
        (await n.Directory.ListFirmsAsync(skill, 1_000, null)).Firms.SingleOrDefault(f => f.FirmId == firmId);
}
