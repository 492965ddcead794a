namespace Viidakko;

/// <summary>
/// Grain state could not be read or written (the database is down, restarting or unreachable).
/// Nothing was acknowledged; the caller may retry. The gateway maps it to <c>UNAVAILABLE</c>; the
/// silo logs the underlying error.
/// </summary>
[GenerateSerializer, Alias("viidakko.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the error with a message that is safe to log anywhere (no connection details).</summary>
    public StorageUnavailableException(string message) : base(message)
    {
    }
}
