using V1 = Viidakko.Api.V1;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>Protobuf messages of matching, feedback and the scoreboard, to DTOs and back.</summary>
public static class MatchMapping
{
    /// <summary>Validates and converts a match request's need.</summary>
    public static MatchQuery ToQuery(Violations v, V1.MatchPartnersRequest r, DateOnly today)
    {
        if (r.Skills.Count is < 1 or > 10) v.Add("skills", "must name 1 to 10 skills");
        for (var i = 0; i < r.Skills.Count; i++)
        {
            v.Id($"skills[{i}].skill", r.Skills[i].Skill);
            v.Range($"skills[{i}].min_level", r.Skills[i].MinLevel, 0, 5);
        }

        if (r.WantedTraits.Count > 20) v.Add("wanted_traits", "must have at most 20 traits");
        for (var i = 0; i < r.WantedTraits.Count; i++)
        {
            v.Id($"wanted_traits[{i}]", r.WantedTraits[i]);
        }

        v.Budget("", r.BudgetMinCents, r.BudgetMaxCents);
        var deadline = v.Date("deadline", r.Deadline, notBefore: today);
        v.Text("city", r.City, 100);
        return new MatchQuery(
            r.Skills.Select(s => new SkillRequirement(s.Skill, Math.Max(1, s.MinLevel))).ToList(),
            r.WantedTraits.Distinct().ToList(),
            r.BudgetMinCents,
            r.BudgetMaxCents,
            deadline,
            r.City.Trim(),
            r.RemoteOk,
            null);
    }

    /// <summary>A ranked candidate to proto.</summary>
    public static V1.MatchCandidate ToProto(string networkId, MatchCandidate c, int rank)
    {
        var proto = new V1.MatchCandidate
        {
            Firm = Names.Firm(networkId, c.FirmId),
            DisplayName = c.DisplayName,
            City = c.City,
            Score = c.Score,
            Rank = rank,
            Partner = c.Partner,
            Suggestion = c.Suggestion,
            Reputation = c.Reputation ?? 0,
            RatingCount = c.RatingCount,
        };
        proto.Breakdown.AddRange(c.Breakdown.Select(p => new V1.ScoreComponent
        {
            Name = p.Name,
            Score = p.Score,
            Weight = p.Weight,
            Explanation = p.Explanation,
        }));
        return proto;
    }

    /// <summary>An exclusion to proto.</summary>
    public static V1.Exclusion ToProto(string networkId, MatchExclusion e) => new()
    {
        Firm = e.FirmId.Length == 0 ? "" : Names.Firm(networkId, e.FirmId),
        Reason = EnumMapping.Map<ExclusionReason, V1.ExclusionReason>(e.Reason),
        Explanation = e.Explanation,
    };

    /// <summary>A meeting suggestion to proto.</summary>
    public static V1.MeetingSuggestion ToProto(string networkId, MeetingSuggestion s)
    {
        var proto = new V1.MeetingSuggestion
        {
            Firm = Names.Firm(networkId, s.FirmId),
            DisplayName = s.DisplayName,
            Score = s.Score,
            YourPerson = s.YourPerson,
            TheirPerson = s.TheirPerson,
            Explanation = s.Explanation,
        };
        proto.ComplementarySkills.AddRange(s.ComplementarySkills);
        proto.SharedTraits.AddRange(s.SharedTraits);
        return proto;
    }

    /// <summary>Validates and converts submitted feedback.</summary>
    public static FeedbackInput ToFeedback(Violations v, V1.Feedback? f, string? requestId)
    {
        if (f is null)
        {
            v.Add("feedback", "is required");
            return new FeedbackInput(0, 0, 0, 0, "", null, [], requestId);
        }

        v.Range("feedback.communication", f.Communication, 1, 5);
        v.Range("feedback.quality_of_work", f.QualityOfWork, 1, 5);
        v.Range("feedback.marketing_mind", f.MarketingMind, 1, 5);
        v.Range("feedback.work_again", f.WorkAgain, 1, 5);
        v.Text("feedback.comment", f.Comment, 2000, multiline: true);
        ReferralQualityRating? quality = null;
        if (f.ReferralQuality is { } q)
        {
            v.Range("feedback.referral_quality.as_disclosed", q.AsDisclosed, 1, 5);
            v.Range("feedback.referral_quality.worth_the_hassle", q.WorthTheHassle, 1, 5);
            quality = new ReferralQualityRating(q.AsDisclosed, q.WorthTheHassle);
        }

        if (f.PersonRatings.Count > 20) v.Add("feedback.person_ratings", "must have at most 20 ratings");
        for (var i = 0; i < f.PersonRatings.Count; i++)
        {
            var p = f.PersonRatings[i];
            v.Text($"feedback.person_ratings[{i}].from_person", p.FromPerson, 200, required: true);
            v.Text($"feedback.person_ratings[{i}].to_person", p.ToPerson, 200, required: true);
            v.Range($"feedback.person_ratings[{i}].chemistry", p.Chemistry, 1, 5);
        }

        return new FeedbackInput(f.Communication, f.QualityOfWork, f.MarketingMind, f.WorkAgain, f.Comment, quality,
            f.PersonRatings.Select(p => new PersonRating(p.FromPerson.Trim(), p.ToPerson.Trim(), p.Chemistry)).ToList(), requestId);
    }

    /// <summary>A feedback record to proto.</summary>
    public static V1.Feedback ToProto(string networkId, FeedbackRecord f, DateTime now)
    {
        var proto = new V1.Feedback
        {
            Name = $"{Names.Referral(networkId, f.ReferralId)}/feedback/{f.RaterFirmId}",
            Rater = Names.Firm(networkId, f.RaterFirmId),
            Ratee = Names.Firm(networkId, f.RateeFirmId),
            Communication = f.Input.Communication,
            QualityOfWork = f.Input.QualityOfWork,
            MarketingMind = f.Input.MarketingMind,
            WorkAgain = f.Input.WorkAgain,
            Comment = f.Input.Comment,
            ReferralQuality = f.Input.ReferralQuality is { } q
                ? new V1.ReferralQualityRating { AsDisclosed = q.AsDisclosed, WorthTheHassle = q.WorthTheHassle }
                : null,
            Sealed = !f.IsUnsealed(now),
            CreateTime = Mapping.Ts(f.CreateTime),
            UnsealTime = Mapping.Ts(f.UnsealTime),
        };
        proto.PersonRatings.AddRange(f.Input.PersonRatings.Select(p => new V1.PersonRating
        {
            FromPerson = p.FromPerson,
            ToPerson = p.ToPerson,
            Chemistry = p.Chemistry,
        }));
        return proto;
    }

    /// <summary>Chemistry to proto.</summary>
    public static V1.Chemistry ToProto(string networkId, ChemistryView c)
    {
        var proto = new V1.Chemistry { Other = Names.Firm(networkId, c.OtherFirmId), Score = c.Score ?? 0, RatingCount = c.RatingCount };
        proto.People.AddRange(c.People.Select(p => new V1.PeopleChemistry
        {
            YourPerson = p.YourPerson,
            TheirPerson = p.TheirPerson,
            Score = p.Score,
            RatingCount = p.RatingCount,
        }));
        return proto;
    }

    /// <summary>The scoreboard to proto.</summary>
    public static V1.Scoreboard ToProto(string networkId, Scoreboard s)
    {
        var proto = new V1.Scoreboard { Standing = Mapping.ToProto(s.Standing) };
        proto.Partners.AddRange(s.Partners.Select(p => new V1.PartnerLedger
        {
            Partner = Names.Firm(networkId, p.PartnerFirmId),
            State = EnumMapping.Map<PartnershipStatus, V1.PartnershipState>(p.Status),
            Sent = ToProto(p.Sent),
            Received = ToProto(p.Received),
            CountBalance = p.CountBalance,
            ValueBalanceCents = p.ValueBalanceCents,
            ReturnTheBall = p.ReturnTheBall,
        }));
        return proto;
    }

    private static V1.DirectionLedger ToProto(DirectionLedger d)
    {
        var proto = new V1.DirectionLedger
        {
            Referrals = d.Referrals,
            Introductions = d.Introductions,
            Accepted = d.Accepted,
            Won = d.Won,
            WonValueCents = d.WonValueCents,
            FeesDueCents = d.FeesDueCents,
            FeesPaidCents = d.FeesPaidCents,
            ReferralQualityCount = d.ReferralQualityCount,
        };
        if (d.AverageReferralQuality is { } q) proto.AverageReferralQuality = q;
        return proto;
    }
}
