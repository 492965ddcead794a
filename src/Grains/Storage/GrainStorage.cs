namespace Viidakko.Grains;

/// <summary>Name of the grain storage provider every Viidakko grain uses.</summary>
public static class GrainStorage
{
    /// <summary>The provider name the silo must register.</summary>
    public const string Name = "viidakko";

    /// <summary>The name of a firm's persistent state (its rows' <c>state_name</c>).</summary>
    public const string FirmState = "firm";
}
