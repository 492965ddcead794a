namespace Viidakko;

/// <summary>One earlier hop of a re-routed need: which partner had it and how that ended.</summary>
/// <param name="Status">DECLINED or EXPIRED.</param>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralHop")]
public sealed record ReferralHop(string ReferralId, string ReceiverFirmId, ReferralStatus Status, DeclineReason DeclineReason, DateTime Time);
