using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Referrals and introductions through their lifecycle.</summary>
internal sealed class ReferralGrpcService(IClusterClient cluster, TimeProvider clock) : ReferralService.ReferralServiceBase
{
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

        v.Text("referral.note", r.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        Access.OwnNetwork(caller, network![0]);
        Access.OwnNetwork(caller, receiver![0], "referral.receiver");
        Access.Self(caller, client![0], client[1], "client");

        var referralRequest = new ReferralRequest(
            (Viidakko.ReferralKind)(int)r.Kind, receiver[1], client[2], need, r.Warmth, terms, expire, r.Note, requestId);
        var view = await Firm(caller).CreateReferralAsync(referralRequest, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Referral> GetReferral(GetReferralRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var grain = ReferralOf(caller, new Violations(), request.Name);
        return Mapping.ToProto(await grain.GetAsync(caller.FirmId, context.CancellationToken));
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

        Viidakko.ReferralStatus? status = request.State == ReferralState.Unspecified ? null : (Viidakko.ReferralStatus)(int)request.State;
        var page = await Firm(caller).ListReferralsAsync((Viidakko.ReferralRole)(int)request.Role, status, pageSize, after, context.CancellationToken);
        var response = new ListReferralsResponse { NextPageToken = PageTokens.Make(page.NextAfterKey, query) };
        response.Referrals.AddRange(page.Referrals.Select(s => Mapping.ToProto(caller.NetworkId, s)));
        return response;
    }

    public override Task<Referral> AcceptReferral(AcceptReferralRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Accept);

    public override Task<Referral> DeclineReferral(DeclineReferralRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Decline,
            v => v.Enum("reason", request.Reason, required: true),
            a => a with { DeclineReason = (Viidakko.DeclineReason)(int)request.Reason });

    public override Task<Referral> CancelReferral(CancelReferralRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Cancel);

    public override Task<Referral> StartReferral(StartReferralRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Start);

    public override Task<Referral> MarkReferralWon(MarkReferralWonRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Win,
            v =>
            {
                v.Range("won_value_cents", request.WonValueCents, 1, 1_000_000_000_000);
                v.Range("contract_months", request.ContractMonths, 0, 120);
            },
            a => a with { WonValueCents = request.WonValueCents, ContractMonths = request.ContractMonths });

    public override Task<Referral> MarkReferralLost(MarkReferralLostRequest request, ServerCallContext context) =>
        Apply(context, request.Name, request.Note, request.RequestId, ReferralActionType.Lose,
            v => v.Enum("reason", request.Reason, required: true),
            a => a with { LostReason = (Viidakko.LostReason)(int)request.Reason });

    public override async Task<Referral> ReturnNeed(ReturnNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var need = Mapping.ToNeed(v, request.Need, "need", Mapping.Today(clock));
        v.Range("warmth", request.Warmth, 1, 5);
        v.Text("note", request.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        var ids = Names.Parse(v, "name", request.Name, "networks", "referrals");
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);

        var view = await Firm(caller).ReturnNeedAsync(ids[1], need, request.Warmth, request.Note, requestId, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Referral> MarkFeePaid(MarkFeePaidRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Text("note", request.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        var grain = ReferralOf(caller, v, request.Name);
        return Mapping.ToProto(await grain.MarkFeePaidAsync(caller.FirmId, request.Note, requestId, context.CancellationToken));
    }

    private async Task<Referral> Apply(
        ServerCallContext context, string name, string note, string requestId, ReferralActionType type,
        Action<Violations>? validate = null, Func<ReferralAction, ReferralAction>? fill = null)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Text("note", note, 2000);
        var rid = v.RequestId(requestId);
        validate?.Invoke(v);
        var grain = ReferralOf(caller, v, name);

        var action = new ReferralAction(type, note, Viidakko.DeclineReason.Unspecified, Viidakko.LostReason.Unspecified, 0, 0, rid);
        action = fill?.Invoke(action) ?? action;
        return Mapping.ToProto(await grain.ApplyAsync(caller.FirmId, action, context.CancellationToken));
    }

    private IReferralGrain ReferralOf(Caller caller, Violations v, string name)
    {
        var ids = Names.Parse(v, "name", name, "networks", "referrals");
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);
        return cluster.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(ids[0], ids[1]));
    }

    private IFirmGrain Firm(Caller caller) => cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));
}
