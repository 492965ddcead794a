using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's side of partnership changes: its own (taken in memory, told to the partner, then
/// persisted with the request id) and its partner's (mirrored), each with its event in the feed.
/// The decisions are <see cref="PartnershipBook"/>'s.
/// </summary>
internal sealed class FirmPartnerships(
    PartnershipBook book, FirmRequests requests, StateWriter<FirmState> writer, FirmFeed feed, Func<string, IFirmGrain> firm)
{
    /// <summary>
    /// This firm's change: what <paramref name="decide"/> returns, told to the partner before it is
    /// stored (a retry of <paramref name="request"/> changes nothing). Returns the firm's half.
    /// </summary>
    public async Task<PartnershipHalf> ChangeAsync(
        string scope, string partnerFirmId, RequestTag? request, Func<PartnershipHalf> decide, CancellationToken cancellationToken)
    {
        if (requests.IsRetry(scope, request))
        {
            return book.Get(partnerFirmId);
        }

        var next = decide();
        var previous = book.Take(next);
        try
        {
            await firm(partnerFirmId).OnPartnershipChangedAsync(book.ChangeOf(next), cancellationToken);
        }
        catch
        {
            book.Undo(next, previous);
            // Undoing may take in the partner's own change that arrived meanwhile (and was answered):
            // it stands, so it is stored now, with its event.
            if (book.Find(partnerFirmId) is { } now && !ReferenceEquals(now, previous) && !ReferenceEquals(now, next))
            {
                feed.Append(FirmEventRules.ForPartnership(previous, now));
                await writer.WriteAsync();
            }

            throw;
        }

        book.Settle(partnerFirmId);
        feed.Append(FirmEventRules.ForPartnership(previous, next));
        await requests.SaveAsync(scope, request);
        return book.Get(partnerFirmId);
    }

    /// <summary>The partner's change (idempotent by version); a suspended firm takes no new proposals.</summary>
    public async Task MirrorAsync(PartnershipChange change, bool suspended)
    {
        var before = book.Find(change.FromFirmId);
        if (book.Mirror(change, suspended))
        {
            feed.Append(FirmEventRules.ForPartnership(before, book.Get(change.FromFirmId)));
            await writer.WriteAsync();
        }
    }
}
