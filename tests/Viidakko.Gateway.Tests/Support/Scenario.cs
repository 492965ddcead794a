
namespace Viidakko.Gateway.Tests.Support;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>The usual set-up steps, each done over gRPC exactly as a member system would.</summary>
public static class Scenario
{
    /// <summary>Creates a network with a unique id starting with <paramref name="prefix"/>; returns its id.</summary>
    public static async Task<string> NewNetworkAsync(this HubHost hub, string prefix)
    {
        var id = TestData.UniqueId(prefix);
        await hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = id,
            Network = new Network { DisplayName = "Turku region agencies", Region = "Varsinais-Suomi" },
        });
        return id;
    }

    /// <summary>Registers a firm and returns its API view, authenticated with the key it was given.</summary>
    public static async Task<FirmApi> RegisterAsync(this HubHost hub, string networkId, string firmId, Firm? profile = null)
    {
        var response = await hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
        {
            Parent = $"networks/{networkId}",
            FirmId = firmId,
            Firm = profile ?? TestData.Plain($"{firmId} Oy"),
        });
        Assert.False(string.IsNullOrEmpty(response.ApiKey));
        return hub.Firm(networkId, firmId, response.ApiKey);
    }

    /// <summary><paramref name="proposer"/> proposes, <paramref name="invited"/> accepts; returns the proposer's view.</summary>
    public static async Task<Partnership> PartnerAsync(FirmApi proposer, FirmApi invited, PartnershipTerms terms)
    {
        await proposer.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
        {
            Parent = proposer.Name,
            Partner = invited.Name,
            Terms = terms,
            Message = "Shall we walk hand in hand?",
        });
        await invited.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = invited.PartnershipWith(proposer) });
        return await proposer.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = proposer.PartnershipWith(invited) });
    }

    /// <summary>Registers a client in <paramref name="firm"/>'s custody.</summary>
    public static Task<Client> CreateClientAsync(
        this FirmApi firm, string clientId, string displayName, string businessId = "", string email = "", bool keep = false) =>
        firm.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = firm.Name,
            ClientId = clientId,
            Client = new Client
            {
                DisplayName = displayName,
                BusinessId = businessId,
                Keep = keep,
                Contact = new ClientContact { PersonName = "Contact Person", Email = email, Phone = "+358 2 123 456", Address = "Aurakatu 1, Turku" },
            },
        }).ResponseAsync;

    /// <summary>A referral (or introduction) request from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CreateReferralRequest ReferralRequest(
        FirmApi from, FirmApi to, string clientId, ReferralKind kind = ReferralKind.Referral, string skill = "web", string requestId = "") =>
        new()
        {
            Parent = from.Network,
            Referral = new Referral
            {
                Kind = kind,
                Receiver = to.Name,
                Client = from.Client(clientId),
                Need = TestData.Need("They need more than they ordered.", skill),
                Warmth = 3,
                Note = "Call them on Monday.",
            },
            RequestId = requestId,
        };

    /// <summary>Refers <paramref name="clientId"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Task<Referral> ReferAsync(
        FirmApi from, FirmApi to, string clientId, ReferralKind kind = ReferralKind.Referral, string skill = "web") =>
        from.Referrals.CreateReferralAsync(ReferralRequest(from, to, clientId, kind, skill)).ResponseAsync;

    /// <summary>The referral as <paramref name="firm"/> sees it.</summary>
    public static Task<Referral> GetReferralAsync(this FirmApi firm, string name) =>
        firm.Referrals.GetReferralAsync(new GetReferralRequest { Name = name }).ResponseAsync;
}
