namespace Viidakko.Grains.Domain;

/// <summary>
/// "Firms you should meet": a non-partner that can do what the caller cannot (complementary
/// skills), thinks alike (shared traits) and is well regarded. Everything starts from two people
/// meeting, so each suggestion names who should meet whom.
/// </summary>
public static class MeetingSuggestions
{
    /// <summary>A declared level from which a skill counts as something the firm really offers.</summary>
    public const int SolidLevel = 3;

    /// <summary>A suggestion, or null when the firm adds no skill the caller lacks.</summary>
    public static MeetingSuggestion? Suggest(MatchCaller caller, string callerPerson, FirmView other)
    {
        var ours = caller.Skills.ToHashSet(StringComparer.Ordinal);
        var complementary = other.Profile.Capabilities
            .Where(c => c.Level >= SolidLevel && !ours.Contains(c.Skill))
            .OrderByDescending(c => c.Level).ThenBy(c => c.Skill, StringComparer.Ordinal)
            .Select(c => c.Skill)
            .ToList();
        if (complementary.Count == 0)
        {
            return null;
        }

        var callerTraits = caller.Traits.ToHashSet(StringComparer.Ordinal);
        var theirTraits = other.Profile.Traits.ToHashSet(StringComparer.Ordinal);
        var shared = callerTraits.Intersect(theirTraits).OrderBy(t => t, StringComparer.Ordinal).ToList();
        var union = callerTraits.Union(theirTraits).Count();
        var likeMinded = union == 0 ? 0 : (double)shared.Count / union;
        var reputation = other.Standing.Reputation is { } r ? Ratings.Normalize(r) : 0.5;
        var score = Math.Round(0.45 * Math.Min(1, complementary.Count / 3.0) + 0.35 * likeMinded + 0.2 * reputation, 4);

        var theirPerson = other.Profile.People.FirstOrDefault() is { } p
            ? (p.Role.Length > 0 ? $"{p.Name} ({p.Role})" : p.Name)
            : "";
        var explanation = $"They offer {string.Join(", ", complementary)}, which you do not"
            + (shared.Count > 0 ? $", and share your {string.Join(", ", shared)} spirit." : ".")
            + (theirPerson.Length > 0 && callerPerson.Length > 0 ? $" Start with {callerPerson} meeting {theirPerson} one to one." : "");
        return new MeetingSuggestion(other.FirmId, other.Profile.DisplayName, score, complementary, shared, callerPerson, theirPerson, explanation);
    }

    /// <summary>Best first; equal scores by firm id, so the order is stable.</summary>
    public static IOrderedEnumerable<MeetingSuggestion> Rank(IEnumerable<MeetingSuggestion> suggestions) =>
        suggestions.OrderByDescending(s => s.Score).ThenBy(s => s.FirmId, StringComparer.Ordinal);
}
