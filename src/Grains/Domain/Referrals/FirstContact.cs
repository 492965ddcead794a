namespace Viidakko.Grains.Domain;

/// <summary>An accepted referral's first-contact deadline.</summary>
/// <param name="AcceptTime">When the receiver accepted.</param>
/// <param name="Due">When it must have started the work (made first contact).</param>
/// <param name="Warned">Both firms were warned that it is near.</param>
/// <param name="Missed">The deadline passed before the work started (counts in the receiver's standing).</param>
[GenerateSerializer, Alias("viidakko.FirstContact")]
public sealed record FirstContact(DateTime AcceptTime, DateTime Due, bool Warned = false, bool Missed = false);
