using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viidakko.Silo.Storage;

/// <summary>One write or clear, with the version the caller believes is stored.</summary>
/// <param name="ExpectedVersion">
/// For <see cref="WriteKind.Update"/> and <see cref="WriteKind.Delete"/>: the version that must be
/// stored. A delete with <c>null</c> succeeds only when no row exists.
/// </param>
/// <param name="Items">Item-map entries to store or delete with the state, only if its version check passes.</param>
/// <param name="Events">Events appended to the state's event log, stored likewise.</param>
internal sealed record WriteCommand(
    WriteKind Kind, StateKey Key, string? Payload, int FormatVersion, long? ExpectedVersion, IReadOnlyList<ItemWrite>? Items = null,
    IReadOnlyList<EventWrite>? Events = null);
