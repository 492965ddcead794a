using System.Collections.Frozen;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// Maps an API enum to the domain's enum of the same meaning, and back, by value name
/// (<c>REFERRAL_STATE_IN_PROGRESS</c> is <c>ReferralState.InProgress</c> in C#, and
/// <c>ReferralStatus.InProgress</c> in the domain), never by number. A test checks that every pair
/// names the same values, so an enum that gains a value on one side only fails the build's tests.
/// </summary>
public static class EnumMapping
{
    /// <summary>The value of <typeparamref name="TTo"/> with the same name as <paramref name="value"/>.</summary>
    public static TTo Map<TFrom, TTo>(TFrom value) where TFrom : struct, Enum where TTo : struct, Enum =>
        Pair<TFrom, TTo>.Map.TryGetValue(value, out var mapped)
            ? mapped
            : throw new InvalidOperationException($"{typeof(TFrom).Name}.{value} has no counterpart in {typeof(TTo).Name}.");

    /// <summary>The names one enum has and the other lacks (empty when the two are in step).</summary>
    public static IReadOnlyList<string> Differences<TA, TB>() where TA : struct, Enum where TB : struct, Enum =>
        Enum.GetNames<TA>().Except(Enum.GetNames<TB>()).Select(n => $"{typeof(TA).Name}.{n}")
            .Concat(Enum.GetNames<TB>().Except(Enum.GetNames<TA>()).Select(n => $"{typeof(TB).Name}.{n}"))
            .ToList();

    private static class Pair<TFrom, TTo> where TFrom : struct, Enum where TTo : struct, Enum
    {
        public static readonly FrozenDictionary<TFrom, TTo> Map = Enum.GetValues<TFrom>()
            .Where(v => Enum.IsDefined(typeof(TTo), v.ToString()))
            .ToFrozenDictionary(v => v, v => Enum.Parse<TTo>(v.ToString()));
    }
}
