namespace Viidakko.Grains;

/// <summary>
/// A grain that stands for a resource that may not exist (a firm, a client, a referral, a network):
/// any caller can name one that does not, and an activation holding nothing should not stay in
/// memory for the collection age. <see cref="AbsentGrainRelease"/> lets it go after such a call.
/// </summary>
internal interface IMayBeAbsent
{
    /// <summary>True while the resource has not been created.</summary>
    bool IsAbsent { get; }
}
