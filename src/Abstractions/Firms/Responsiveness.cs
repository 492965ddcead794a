namespace Viidakko;

/// <summary>
/// How a firm answers the referrals it receives, against its network's deadlines: everyone sees it,
/// and matching weighs it (a receiver who lets proposals expire is a black hole for the referrer).
/// </summary>
/// <param name="Answered">Proposals it accepted or declined before they expired.</param>
/// <param name="Expired">Proposals it let expire unanswered.</param>
/// <param name="FirstContactsOnTime">Accepted referrals it started by the first-contact deadline.</param>
/// <param name="FirstContactsMissed">Accepted referrals it had not started by the first-contact deadline.</param>
[GenerateSerializer, Immutable, Alias("viidakko.Responsiveness")]
public sealed record Responsiveness(int Answered, int Expired, int FirstContactsOnTime, int FirstContactsMissed)
{
    /// <summary>No proposals received yet.</summary>
    public static readonly Responsiveness None = new(0, 0, 0, 0);

    /// <summary>Answered / (answered + expired); null before the first proposal was settled.</summary>
    public double? AnswerRate => Rate(Answered, Expired);

    /// <summary>First contacts on time / (on time + missed); null before the first was due.</summary>
    public double? FirstContactRate => Rate(FirstContactsOnTime, FirstContactsMissed);

    private static double? Rate(int good, int bad) => good + bad == 0 ? null : Math.Round((double)good / (good + bad), 4);
}
