using System.Globalization;

namespace Viidakko.Grains.Domain;

/// <summary>
/// Scores a candidate partner for a need. Every part is 0–1 with a fixed weight and a sentence a
/// person can read; the total is their weighted sum (0–1). Pure and deterministic.
/// </summary>
public static class MatchScoring
{
    public const string SkillFit = "skill_fit";
    public const string Capacity = "capacity";
    public const string LikeMindedness = "like_mindedness";
    public const string Chemistry = "chemistry";
    public const string Reputation = "reputation";
    public const string Reciprocity = "reciprocity";
    public const string Location = "location";

    private const double SkillFitWeight = 0.30;
    private const double CapacityWeight = 0.10;
    private const double LikeMindednessWeight = 0.15;
    private const double ChemistryWeight = 0.15;
    private const double ReputationWeight = 0.15;
    private const double ReciprocityWeight = 0.10;
    private const double LocationWeight = 0.05;

    /// <summary>Weights of the parts; they add up to 1.</summary>
    public static readonly IReadOnlyDictionary<string, double> Weights = new Dictionary<string, double>
    {
        [SkillFit] = SkillFitWeight,
        [Capacity] = CapacityWeight,
        [LikeMindedness] = LikeMindednessWeight,
        [Chemistry] = ChemistryWeight,
        [Reputation] = ReputationWeight,
        [Reciprocity] = ReciprocityWeight,
        [Location] = LocationWeight,
    };

    /// <summary>Won, confirmed referrals in a skill at which evidence counts as much as a top declared level.</summary>
    public const double EvidenceScale = 3.0;

    /// <summary>True when the candidate declares every wanted skill at (at least) the wanted level.</summary>
    public static bool MeetsSkills(MatchQuery query, FirmProfile candidate)
    {
        // Index loops (no enumerator allocations): a match checks every firm of a skill shard, so this
        // runs thousands of times per call.
        var capabilities = candidate.Capabilities;
        for (var r = 0; r < query.Skills.Count; r++)
        {
            var req = query.Skills[r];
            var found = false;
            for (var i = 0; i < capabilities.Count; i++)
            {
                var c = capabilities[i];
                if (c.Level >= Math.Max(1, req.MinLevel) && string.Equals(c.Skill, req.Skill, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Scores a candidate that <see cref="MeetsSkills"/>.</summary>
    public static (double Total, IReadOnlyList<ScorePart> Parts) Score(
        MatchQuery query, IReadOnlyList<string> callerTraits, FirmView candidate, PairFacts pair, DateOnly today)
    {
        var parts = new List<ScorePart>
        {
            SkillPart(query, candidate),
            CapacityPart(query, candidate, today),
            LikeMindedPart(query, callerTraits, candidate),
            ChemistryPart(pair),
            ReputationPart(candidate),
            ReciprocityPart(pair),
            LocationPart(query, candidate),
        };
        var total = Math.Round(parts.Sum(p => p.Score * p.Weight), 4);
        return (total, parts);
    }

    /// <summary>
    /// The same total as <see cref="Score"/>, computed without building the explanations: a match
    /// ranks every qualifying firm by this and explains only the page it returns.
    /// </summary>
    public static double Total(MatchQuery query, IReadOnlyList<string> callerTraits, FirmView candidate, PairFacts pair, DateOnly today) =>
        Total(query, candidate, pair, today, LikeMindedValue(query, callerTraits, candidate.Profile.Traits), LocationValue(query, candidate.Profile.City));

    /// <summary>
    /// <see cref="Total"/> with the two parts that depend only on the candidate's traits and city
    /// already known (<see cref="LikeMindedValue"/>, <see cref="LocationValue"/>): a match computes them once
    /// for all candidates that share traits and city.
    /// </summary>
    public static double Total(MatchQuery query, FirmView candidate, PairFacts pair, DateOnly today, double likeMindedness, double locality)
    {
        // Same parts, same rounding, same order of addition as Score, so both give the same number.
        var total = R(SkillValue(query, candidate)) * SkillFitWeight;
        total += R(CapacityValue(query, candidate, today)) * CapacityWeight;
        total += R(likeMindedness) * LikeMindednessWeight;
        total += R(ChemistryValue(pair)) * ChemistryWeight;
        total += R(ReputationValue(candidate)) * ReputationWeight;
        total += R(ReciprocityValue(pair)) * ReciprocityWeight;
        total += R(locality) * LocationWeight;
        return Math.Round(total, 4);
    }

    private static double R(double score) => Math.Round(Math.Clamp(score, 0, 1), 4);

    /// <summary>
    /// What floating-point addition and the final rounding of <see cref="Total"/> can add to the sum
    /// of its parts; a bound adds it, so a candidate's total never exceeds the bound.
    /// </summary>
    public const double BoundMargin = 0.0001;

    /// <summary>
    /// The part of the highest <see cref="Total"/> a candidate can reach that does not depend on the
    /// need or the caller, for a caller it has no history with (chemistry and reciprocity neutral):
    /// its skill with its evidence (for <paramref name="onlySkill"/> when the need names that one
    /// skill alone, otherwise its best skill), its capacity at best and its reputation. A shard keeps
    /// its members ordered by it.
    /// </summary>
    public static double StaticBound(FirmView candidate, string? onlySkill)
    {
        double skill = 0;
        var capabilities = candidate.Profile.Capabilities;
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (onlySkill is null || string.Equals(capabilities[i].Skill, onlySkill, StringComparison.Ordinal))
            {
                skill = Math.Max(skill, SkillScore(new SkillRequirement(capabilities[i].Skill, 1), candidate));
            }
        }

        var capacity = candidate.Profile.Capacity switch
        {
            CapacityStatus.Available => 1.0,
            CapacityStatus.Busy => 0.6,
            CapacityStatus.Full => candidate.Profile.NextFreeDate is null ? 0.0 : 0.4,
            _ => 0.5,
        };
        return R(skill) * SkillFitWeight + R(capacity) * CapacityWeight + R(ChemistryValue(NoHistory)) * ChemistryWeight
            + R(ReputationValue(candidate)) * ReputationWeight + R(ReciprocityValue(NoHistory)) * ReciprocityWeight;
    }

    /// <summary>
    /// The rest of that highest total: like-mindedness and location, exactly, which depend only on the
    /// need, the caller's traits and the candidate's city and set of traits, so one computation serves
    /// every candidate that shares them. <c>StaticBound + DynamicPart + BoundMargin</c> is never below
    /// the candidate's <see cref="Total"/> for a caller it has no history with.
    /// </summary>
    public static double DynamicPart(MatchQuery query, IReadOnlyList<string> callerTraits, FirmView candidate) =>
        DynamicPart(LikeMindedValue(query, callerTraits, candidate.Profile.Traits), LocationValue(query, candidate.Profile.City));

    /// <summary><see cref="DynamicPart"/> from the two values it is made of.</summary>
    public static double DynamicPart(double likeMindedness, double locality) =>
        R(likeMindedness) * LikeMindednessWeight + R(locality) * LocationWeight;

    /// <summary>The largest <see cref="DynamicPart"/> any candidate can have.</summary>
    public const double MaxDynamicPart = LikeMindednessWeight + LocationWeight;

    /// <summary>Candidates with the same key get the same <see cref="DynamicPart"/> for any need and caller: city (as compared) and distinct traits.</summary>
    public static string DynamicKey(FirmProfile profile) => CityKey(profile) + "\n" + TraitsKey(profile);

    /// <summary>Candidates with the same key get the same <see cref="LocationValue"/> for any need: the city as compared.</summary>
    public static string CityKey(FirmProfile profile) => profile.City.Trim().ToUpperInvariant();

    /// <summary>Candidates with the same key get the same <see cref="LikeMindedValue"/> for any need and caller: their distinct traits.</summary>
    public static string TraitsKey(FirmProfile profile) =>
        string.Join("\n", profile.Traits.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>What a caller knows of a firm it has never dealt with.</summary>
    public static readonly PairFacts NoHistory = new(false, null, 0, 0, 0);

    private static double SkillValue(MatchQuery query, FirmView candidate)
    {
        if (query.Skills.Count == 0)
        {
            return 0.5;
        }

        double sum = 0;
        for (var r = 0; r < query.Skills.Count; r++)
        {
            sum += SkillScore(query.Skills[r], candidate);
        }

        return sum / query.Skills.Count;
    }

    private static double SkillScore(SkillRequirement req, FirmView candidate)
    {
        var level = 0;
        var capabilities = candidate.Profile.Capabilities;
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (string.Equals(capabilities[i].Skill, req.Skill, StringComparison.Ordinal))
            {
                level = capabilities[i].Level;
                break;
            }
        }

        var evidence = candidate.Standing.ConfirmedWins.GetValueOrDefault(req.Skill);
        return 0.4 * level / 5.0 + 0.6 * (1 - Math.Exp(-evidence / EvidenceScale));
    }

    private static double CapacityValue(MatchQuery query, FirmView candidate, DateOnly today)
    {
        var freeBy = candidate.Profile.NextFreeDate;
        return candidate.Profile.Capacity switch
        {
            CapacityStatus.Available => 1.0,
            CapacityStatus.Busy => 0.6,
            CapacityStatus.Full when freeBy is { } f && f < today => 0.4,
            CapacityStatus.Full when freeBy is { } f && (query.Deadline is null || f <= query.Deadline) => 0.4,
            CapacityStatus.Full => 0.0,
            _ => 0.5,
        };
    }

    /// <summary>The like-mindedness value (0–1, unrounded) of a candidate with traits <paramref name="theirs"/>.</summary>
    public static double LikeMindedValue(MatchQuery query, IReadOnlyList<string> callerTraits, IReadOnlyList<string> theirs)
    {
        int wanted = 0, hits = 0;
        for (var i = 0; i < query.WantedTraits.Count; i++)
        {
            var t = query.WantedTraits[i];
            if (IndexOf(query.WantedTraits, t) != i)
            {
                continue; // counted once
            }

            wanted++;
            if (IndexOf(theirs, t) >= 0)
            {
                hits++;
            }
        }

        var coverage = wanted == 0 ? 0.5 : (double)hits / wanted;
        int shared = 0, ours = 0;
        for (var i = 0; i < callerTraits.Count; i++)
        {
            if (IndexOf(callerTraits, callerTraits[i]) != i)
            {
                continue;
            }

            ours++;
            if (IndexOf(theirs, callerTraits[i]) >= 0)
            {
                shared++;
            }
        }

        var distinctTheirs = 0;
        for (var i = 0; i < theirs.Count; i++)
        {
            if (IndexOf(theirs, theirs[i]) == i)
            {
                distinctTheirs++;
            }
        }

        var union = ours + distinctTheirs - shared;
        var jaccard = union == 0 ? 0.0 : (double)shared / union;
        return 0.5 * coverage + 0.5 * jaccard;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static double ChemistryValue(PairFacts pair) => pair.Chemistry is { } c ? Ratings.Normalize(c) : 0.5;

    private static double ReputationValue(FirmView candidate) =>
        (candidate.Standing.Reputation is { } r ? Ratings.Normalize(r) : 0.5) * Responsiveness(candidate);

    /// <summary>
    /// How far a receiver's lapses pull its reputation down: 1 for a firm that answered every proposal
    /// and made every first contact in time, down to 0.5 for one that did neither (the worse rate counts).
    /// </summary>
    private static double Responsiveness(FirmView candidate) => candidate.Standing.Responsiveness is { } s
        ? 1 - 0.5 * (1 - Math.Min(s.AnswerRate ?? 1, s.FirstContactRate ?? 1))
        : 1;

    private static double ReciprocityValue(PairFacts pair) => 0.5 + 0.5 * Math.Tanh((pair.GivenToCaller - pair.ReceivedFromCaller) / 3.0);

    /// <summary>The location value (0–1) of a candidate in <paramref name="city"/>.</summary>
    public static double LocationValue(MatchQuery query, string city) =>
        string.IsNullOrWhiteSpace(query.City) ? 1.0
        : string.Equals(query.City.Trim(), city.Trim(), StringComparison.OrdinalIgnoreCase) ? 1.0
        : query.RemoteOk ? 0.6
        : 0.0;

    /// <summary>Declared level counts 40 %, evidence (won and confirmed referrals in the skill) 60 %.</summary>
    public static ScorePart SkillPart(MatchQuery query, FirmView candidate)
    {
        if (query.Skills.Count == 0)
        {
            return Part(SkillFit, 0.5, "No skills asked for.");
        }

        var scores = new List<double>();
        var notes = new List<string>();
        foreach (var req in query.Skills)
        {
            var level = candidate.Profile.Capabilities.FirstOrDefault(c => c.Skill == req.Skill)?.Level ?? 0;
            var evidence = candidate.Standing.ConfirmedWins.GetValueOrDefault(req.Skill);
            scores.Add(SkillScore(req, candidate));
            notes.Add($"{req.Skill}: level {level}/5, {evidence} confirmed win{(evidence == 1 ? "" : "s")}");
        }

        return Part(SkillFit, scores.Average(), string.Join("; ", notes) + ".");
    }

    /// <summary>Available now is best; full is fine only if free by the deadline.</summary>
    public static ScorePart CapacityPart(MatchQuery query, FirmView candidate, DateOnly today)
    {
        var freeBy = candidate.Profile.NextFreeDate;
        var deadline = query.Deadline;
        return candidate.Profile.Capacity switch
        {
            CapacityStatus.Available => Part(Capacity, 1.0, "Available now."),
            CapacityStatus.Busy => Part(Capacity, 0.6, "Busy, but takes smaller pieces of work."),
            CapacityStatus.Full when freeBy is { } f && f < today =>
                Part(Capacity, 0.4, $"Marked full until {f:yyyy-MM-dd}, a date already passed."),
            CapacityStatus.Full when freeBy is { } f && (deadline is null || f <= deadline) =>
                Part(Capacity, 0.4, $"Full until {f:yyyy-MM-dd}{(deadline is null ? "" : ", before the deadline")}."),
            CapacityStatus.Full => Part(Capacity, 0.0, deadline is null ? "Full." : "Full, not free before the deadline."),
            _ => Part(Capacity, 0.5, "Capacity not stated."),
        };
    }

    /// <summary>Half: how many of the wanted traits it has; half: how much it shares the caller's own traits.</summary>
    public static ScorePart LikeMindedPart(MatchQuery query, IReadOnlyList<string> callerTraits, FirmView candidate)
    {
        var theirs = candidate.Profile.Traits.ToHashSet(StringComparer.Ordinal);
        var wanted = query.WantedTraits.Distinct().ToList();
        var wantedHit = wanted.Where(theirs.Contains).ToList();

        var ours = callerTraits.ToHashSet(StringComparer.Ordinal);
        var shared = ours.Intersect(theirs).OrderBy(t => t, StringComparer.Ordinal).ToList();

        var explanation = (wanted.Count == 0 ? "No traits asked for" : $"Has {wantedHit.Count} of {wanted.Count} wanted traits"
                + (wantedHit.Count > 0 ? $" ({string.Join(", ", wantedHit)})" : ""))
            + (shared.Count > 0 ? $"; shares {string.Join(", ", shared)} with you." : "; shares none of your traits.");
        return Part(LikeMindedness, LikeMindedValue(query, callerTraits, candidate.Profile.Traits), explanation);
    }

    /// <summary>The pair's own history of ratings; neutral when they have none.</summary>
    public static ScorePart ChemistryPart(PairFacts pair) => pair.Chemistry is { } c
        ? Part(Chemistry, Ratings.Normalize(c), $"Your ratings of each other average {c.ToString("0.0", CultureInfo.InvariantCulture)}/5 over {pair.ChemistryCount} rating{(pair.ChemistryCount == 1 ? "" : "s")}.")
        : Part(Chemistry, 0.5, "You have not worked together yet.");

    /// <summary>The whole network's ratings of the candidate; neutral when it has none.</summary>
    public static ScorePart ReputationPart(FirmView candidate)
    {
        var rated = candidate.Standing.Reputation is { } r
            ? $"Rated {r.ToString("0.0", CultureInfo.InvariantCulture)}/5 by the network ({candidate.Standing.RatingCount} rating{(candidate.Standing.RatingCount == 1 ? "" : "s")})."
            : "No ratings yet.";
        var lapses = candidate.Standing.Responsiveness is { } s && (s.Expired > 0 || s.FirstContactsMissed > 0)
            ? $" Let {s.Expired} of {s.Answered + s.Expired} proposals expire and missed {s.FirstContactsMissed} first contact{(s.FirstContactsMissed == 1 ? "" : "s")}."
            : "";
        return Part(Reputation, ReputationValue(candidate), rated + lapses);
    }

    /// <summary>Firms that have given the caller more than they received from it rank higher: return the ball.</summary>
    public static ScorePart ReciprocityPart(PairFacts pair)
    {
        var balance = pair.GivenToCaller - pair.ReceivedFromCaller;
        var score = ReciprocityValue(pair);
        var explanation = balance switch
        {
            > 0 => $"They have sent you {pair.GivenToCaller} and received {pair.ReceivedFromCaller}: you owe them {balance}.",
            < 0 => $"You have sent them {pair.ReceivedFromCaller} and received {pair.GivenToCaller}: they owe you {-balance}.",
            _ when pair.GivenToCaller > 0 => $"Even: {pair.GivenToCaller} each way.",
            _ => "No referrals between you yet.",
        };
        return Part(Reciprocity, score, explanation);
    }

    /// <summary>Same city is best; remote work is acceptable when the need allows it.</summary>
    public static ScorePart LocationPart(MatchQuery query, FirmView candidate)
    {
        var city = candidate.Profile.City;
        if (string.IsNullOrWhiteSpace(query.City))
        {
            return Part(Location, 1.0, "Any location.");
        }

        if (string.Equals(query.City.Trim(), city.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return Part(Location, 1.0, $"In {city}.");
        }

        var where = city.Length == 0 ? "an unknown city" : city;
        return query.RemoteOk
            ? Part(Location, 0.6, $"In {where}; remote work is fine.")
            : Part(Location, 0.0, $"In {where}, not {query.City}.");
    }

    /// <summary>Orders candidates: best score first, then by firm id so equal scores always rank the same.</summary>
    public static IOrderedEnumerable<MatchCandidate> Rank(IEnumerable<MatchCandidate> candidates) =>
        candidates.OrderByDescending(c => c.Score).ThenBy(c => c.FirmId, StringComparer.Ordinal);

    private static ScorePart Part(string name, double score, string explanation) =>
        new(name, Math.Round(Math.Clamp(score, 0, 1), 4), Weights[name], explanation);
}
