using System.Collections.Concurrent;
using System.Text.Json;
using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>What a journal check found.</summary>
internal sealed record VerifyResult(
    int AcknowledgedCreates,
    int AcknowledgedAccepts,
    int Firms,
    int ReferralsFound,
    int AppliedButNotAcknowledged,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> WrongState,
    IReadOnlyList<string> AppliedTwice,
    IReadOnlyList<string> LedgerMismatches,
    IReadOnlyDictionary<string, int> ErrorsByCode,
    IReadOnlyList<long> ErrorTimesUnixMs)
{
    public bool Passed => Missing.Count == 0 && WrongState.Count == 0 && AppliedTwice.Count == 0 && LedgerMismatches.Count == 0;
}
