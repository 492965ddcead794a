using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;

namespace Viidakko.LoadTest;

/// <summary>One line of the journal.</summary>
internal sealed record JournalEntry(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("t")] long UnixMs,
    [property: JsonPropertyName("firm")] string? Firm = null,
    [property: JsonPropertyName("key")] string? Key = null,
    [property: JsonPropertyName("referral")] string? Referral = null,
    [property: JsonPropertyName("to")] string? To = null,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("call")] string? Call = null,
    [property: JsonPropertyName("code")] string? Code = null);
