namespace Viidakko.Gateway.Tests.Support;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>How referrals end and how the two sides rate each other, each step over gRPC.</summary>
public static class Outcomes
{
    /// <summary>The receiver accepts, contacts the client and wins the deal.</summary>
    public static async Task<Referral> WinAsync(FirmApi receiver, string referral, long wonValueCents, int contractMonths = 1, bool alreadyAccepted = false)
    {
        if (!alreadyAccepted)
        {
            await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral });
        }

        await receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral });
        return await receiver.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest
        {
            Name = referral,
            WonValueCents = wonValueCents,
            ContractMonths = contractMonths,
        });
    }

    /// <summary>The receiver accepts, contacts the client and loses the deal.</summary>
    public static async Task<Referral> LoseAsync(FirmApi receiver, string referral, LostReason reason = LostReason.PoorFit)
    {
        await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral });
        await receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral });
        return await receiver.Referrals.MarkReferralLostAsync(new MarkReferralLostRequest { Name = referral, Reason = reason, Note = "Endless calls." });
    }

    /// <summary>Feedback with every firm criterion at <paramref name="score"/>.</summary>
    public static Feedback Rating(int score, ReferralQualityRating? quality = null, params PersonRating[] people)
    {
        var feedback = new Feedback
        {
            Communication = score,
            QualityOfWork = score,
            MarketingMind = score,
            WorkAgain = score,
            Comment = "Rated from the hub tests.",
            ReferralQuality = quality,
        };
        feedback.PersonRatings.AddRange(people);
        return feedback;
    }

    /// <summary>The receiver's view of a referral's quality.</summary>
    public static ReferralQualityRating Quality(int asDisclosed, int worthTheHassle) =>
        new() { AsDisclosed = asDisclosed, WorthTheHassle = worthTheHassle };

    /// <summary>One person's chemistry rating of a person at the other firm.</summary>
    public static PersonRating Person(string from, string to, int chemistry) =>
        new() { FromPerson = from, ToPerson = to, Chemistry = chemistry };

    /// <summary><paramref name="rater"/> rates the other side of <paramref name="referral"/>.</summary>
    public static Task<Feedback> RateAsync(this FirmApi rater, string referral, Feedback feedback) =>
        rater.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = referral, Feedback = feedback }).ResponseAsync;

    /// <summary>
    /// Saves the firm's description unchanged: a profile update publishes the firm's current facts
    /// (standing, evidence, clients) to the match index at once, without the debounce.
    /// </summary>
    public static async Task RepublishAsync(FirmApi firm)
    {
        var current = await firm.Firms.GetFirmAsync(new GetFirmRequest { Name = firm.Name });
        await firm.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = firm.Name, Description = current.Description },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "description" } },
        });
    }

    /// <summary><paramref name="firm"/>'s standing as <paramref name="viewer"/> sees it through GetFirm.</summary>
    public static async Task<FirmStanding> StandingAsync(this FirmApi viewer, FirmApi firm) =>
        (await viewer.Firms.GetFirmAsync(new GetFirmRequest { Name = firm.Name })).Standing;
}

/// <summary>
/// Waits for derived data that the hub updates shortly after a change (the match index is
/// refreshed about half a second after referral and feedback notifications).
/// </summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds; fails after <paramref name="timeout"/> (default 10 s).</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                var last = value?.ToString() ?? "null";
                Assert.Fail($"Timed out waiting for {what}; last read: {(last.Length > 4000 ? last[..4000] + "…" : last)}");
            }

            await Task.Delay(100);
        }
    }
}
