using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viidakko.Silo.Storage;

/// <summary>Result of one <see cref="WriteCommand"/>; a failed version check is an outcome, not an error.</summary>
internal readonly record struct WriteOutcome(bool Succeeded, long? NewVersion, long? StoredVersion)
{
    public static WriteOutcome Success(long? newVersion) => new(true, newVersion, newVersion);

    public static WriteOutcome Conflict(long? storedVersion) => new(false, null, storedVersion);
}
