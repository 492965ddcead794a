namespace Viidakko;

/// <summary>
/// The person signed in to the web app on whose behalf a call runs, carried with the call through
/// Orleans' request context (the gateway sets it; grains that record who acted read it). Empty for
/// calls made with an API key and for the hub's own work.
/// </summary>
public static class ActingPerson
{
    private const string Key = "viidakko.person";

    /// <summary>The acting person's display name, or empty.</summary>
    public static string Current => RequestContext.Get(Key) as string ?? "";

    /// <summary>Sets the acting person for the rest of this call.</summary>
    public static void Set(string displayName) => RequestContext.Set(Key, displayName);
}
