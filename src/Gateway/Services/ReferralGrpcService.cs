using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Referrals and introductions through their lifecycle.</summary>
internal sealed class ReferralGrpcService(IClusterClient cluster, TimeProvider clock) : ReferralService.ReferralServiceBase
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public override async Task<Referral> CreateReferral(CreateReferralRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var network = Names.Parse(v, "parent", request.Parent, "networks");
        var r = request.Referral ?? new Referral();
        if (request.Referral is null) v.Add("referral", "is required");
        v.Enum("referral.kind", r.Kind, required: true);
        var receiver = Names.Parse(v, "referral.receiver", r.Receiver, "networks", "firms");
        var client = Names.Parse(v, "referral.client", r.Client, "networks", "firms", "clients");
        var need = Mapping.ToNeed(v, r.Need, "referral.need", Mapping.Today(clock));
        v.Range("referral.warmth", r.Warmth, 1, 5);
        var terms = r.Terms is null ? null : Mapping.ToTerms(v, r.Terms, "referral.terms");
        var expire = v.Time("referral.expire_time", r.ExpireTime);
        var now = clock.GetUtcNow().UtcDateTime;
        if (expire is { } e && (e <= now || e > now + ReferralLimits.MaxExpiry))
        {
            v.Add("referral.expire_time", "must be in the future and at most 90 days away");
        }

        v.Text("referral.note", r.Note, 2000, multiline: true);
        var hops = r.Reroute?.MaxHops ?? 0;
        v.Range("referral.reroute.max_hops", hops, 0, RerouteChain.Limit);
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.OwnNetwork(caller, network![0]);
        Access.OwnNetwork(caller, receiver![0], "referral.receiver");
        Access.Self(caller, client![0], client[1], "client");

        var referralRequest = new ReferralRequest(
            EnumMapping.Map<Viidakko.Api.V1.ReferralKind, Viidakko.ReferralKind>(r.Kind), receiver[1], client[2], need, r.Warmth, terms, expire, r.Note, tag, hops);
        var view = await Firm(caller).CreateReferralAsync(referralRequest, context.CancellationToken);
        return Mapping.ToProto(view, Now);
    }

    public override async Task<Referral> GetReferral(GetReferralRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var grain = ReferralOf(caller, new Violations(), request.Name);
        return Mapping.ToProto(await grain.GetAsync(caller.FirmId, context.CancellationToken), Now);
    }

    public override async Task<ListReferralsResponse> ListReferrals(ListReferralsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize);
        v.Enum("role", request.Role, required: false);
        v.Enum("state", request.State, required: false);
        var query = $"{request.Parent}|{request.Role}|{request.State}";
        var after = PageTokens.Read(v, request.PageToken, query);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        Viidakko.ReferralStatus? status = request.State == ReferralState.Unspecified ? null : EnumMapping.Map<Viidakko.Api.V1.ReferralState, Viidakko.ReferralStatus>(request.State);
        var role = EnumMapping.Map<Viidakko.Api.V1.ReferralRole, Viidakko.ReferralRole>(request.Role);
        var page = await Firm(caller).ListReferralsAsync(role, status, pageSize, after, context.CancellationToken);
        var response = new ListReferralsResponse { NextPageToken = PageTokens.Make(page.NextAfterKey, query) };
        response.Referrals.AddRange(page.Referrals.Select(s => Mapping.ToProto(caller.NetworkId, s, caller.FirmId, Now)));
        return response;
    }

    public override Task<Referral> AcceptReferral(AcceptReferralRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Accept);

    public override Task<Referral> DeclineReferral(DeclineReferralRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Decline,
            v => v.Enum("reason", request.Reason, required: true),
            a => a with { DeclineReason = EnumMapping.Map<Viidakko.Api.V1.DeclineReason, Viidakko.DeclineReason>(request.Reason) });

    public override Task<Referral> CancelReferral(CancelReferralRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Cancel);

    public override Task<Referral> StartReferral(StartReferralRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Start);

    public override Task<Referral> MarkReferralWon(MarkReferralWonRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Win,
            v =>
            {
                v.Money("won_value_cents", request.WonValueCents, required: true);
                v.Range("contract_months", request.ContractMonths, 0, 120);
            },
            a => a with { WonValueCents = request.WonValueCents, ContractMonths = request.ContractMonths });

    public override Task<Referral> MarkReferralLost(MarkReferralLostRequest request, ServerCallContext context) =>
        Apply(context, request, request.Name, request.Note, ReferralActionType.Lose,
            v => v.Enum("reason", request.Reason, required: true),
            a => a with { LostReason = EnumMapping.Map<Viidakko.Api.V1.LostReason, Viidakko.LostReason>(request.Reason) });

    public override async Task<Referral> ReturnNeed(ReturnNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var need = Mapping.ToNeed(v, request.Need, "need", Mapping.Today(clock));
        v.Range("warmth", request.Warmth, 1, 5);
        v.Text("note", request.Note, 2000, multiline: true);
        var tag = RequestTags.Read(v, request, context);
        var ids = Names.Parse(v, "name", request.Name, "networks", "referrals");
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);

        var view = await Firm(caller).ReturnNeedAsync(ids[1], need, request.Warmth, request.Note, tag, context.CancellationToken);
        return Mapping.ToProto(view, Now);
    }

    public override async Task<Referral> MarkFeePaid(MarkFeePaidRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Text("note", request.Note, 2000, multiline: true);
        var tag = RequestTags.Read(v, request, context);
        var referralId = ReferralIdOf(caller, v, request.Name);
        return Mapping.ToProto(await Firm(caller).MarkFeePaidAsync(referralId, request.Note, tag, context.CancellationToken), Now);
    }

    /// <summary>A lifecycle action, made by the caller's firm grain (which binds its request id) on the referral grain.</summary>
    private async Task<Referral> Apply(
        ServerCallContext context, Google.Protobuf.IMessage request, string name, string note, ReferralActionType type,
        Action<Violations>? validate = null, Func<ReferralAction, ReferralAction>? fill = null)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Text("note", note, 2000, multiline: true);
        var tag = RequestTags.Read(v, request, context);
        validate?.Invoke(v);
        var referralId = ReferralIdOf(caller, v, name);

        var action = new ReferralAction(type, note, Viidakko.DeclineReason.Unspecified, Viidakko.LostReason.Unspecified, 0, 0, tag);
        action = fill?.Invoke(action) ?? action;
        return Mapping.ToProto(await Firm(caller).ActOnReferralAsync(referralId, action, context.CancellationToken), Now);
    }

    private IReferralGrain ReferralOf(Caller caller, Violations v, string name) =>
        cluster.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(caller.NetworkId, ReferralIdOf(caller, v, name)));

    /// <summary>A referral id from its resource name, in the caller's own network.</summary>
    private static string ReferralIdOf(Caller caller, Violations v, string name)
    {
        var ids = Names.Parse(v, "name", name, "networks", "referrals");
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);
        return ids[1];
    }

    private IFirmGrain Firm(Caller caller) => cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));
}
