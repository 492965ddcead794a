using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// How a firm adds a client and lists its clients: the identity is held in the roster first (so two
/// calls cannot register the same client twice), the client grain stores the record, and the roster
/// confirms it; listing reads each client's own grain.
/// </summary>
internal sealed class FirmClientCreation(ClientRoster clients, FirmRequests requests, FirmIndexPublisher index, Func<string, IClientGrain> client, TimeProvider clock)
{
    /// <summary>Registers a client under <paramref name="scope"/>'s request log (a retry answers the stored client).</summary>
    public async Task<ClientView> CreateAsync(string scope, string clientId, ClientInput input, RequestTag? request, CancellationToken cancellationToken)
    {
        if (requests.IsRetry(scope, request) && clients.Has(clientId))
        {
            return await client(clientId).GetAsync(cancellationToken);
        }

        var identity = ClientIdentity.Normalize(input.BusinessId, input.Contact.Email);
        var held = clients.Hold(clientId, identity, input.Keep, clock.GetUtcNow().UtcDateTime);
        ClientView view;
        try
        {
            view = await client(clientId).CreateAsync(input, identity, request, cancellationToken);
        }
        catch
        {
            clients.Release(clientId, held);
            throw;
        }

        clients.Confirm(clientId, held, view.CreateTime);
        await requests.SaveAsync(scope, request);
        index.Schedule();
        return view;
    }

    /// <summary>A page of the firm's clients, ordered by id.</summary>
    public async Task<ClientPage> ListAsync(int pageSize, string? afterClientId, CancellationToken cancellationToken)
    {
        var ids = clients.Page(pageSize, afterClientId);
        var next = ids.Count > pageSize ? ids[pageSize - 1] : null;
        var views = await Task.WhenAll(ids.Take(pageSize).Select(id => client(id).GetAsync(cancellationToken)));
        return new ClientPage(views, next);
    }
}
