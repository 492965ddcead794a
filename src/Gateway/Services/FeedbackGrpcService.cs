using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Sealed feedback, chemistry and reputation.</summary>
internal sealed class FeedbackGrpcService(IClusterClient cluster, TimeProvider clock) : FeedbackService.FeedbackServiceBase
{
    public override async Task<Feedback> SubmitFeedback(SubmitFeedbackRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks", "referrals");
        if (caller.Person is { } person && request.Feedback is { } given)
        {
            // A person signed in to the web app rates as themselves: their name is the rater.
            foreach (var rating in given.PersonRatings.Where(r => r.FromPerson.Length == 0))
            {
                rating.FromPerson = person.DisplayName;
            }
        }

        var tag = RequestTags.Read(v, request, context);
        var input = MatchMapping.ToFeedback(v, request.Feedback, tag?.Id);
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);

        var record = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId))
            .SubmitFeedbackAsync(ids[1], input, tag, context.CancellationToken);
        return MatchMapping.ToProto(caller.NetworkId, record, clock.GetUtcNow().UtcDateTime);
    }

    public override async Task<ListReferralFeedbackResponse> ListReferralFeedback(ListReferralFeedbackRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks", "referrals");
        v.ThrowIfAny();
        Access.OwnNetwork(caller, ids![0]);

        var feedback = await cluster.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(ids[0], ids[1]))
            .GetFeedbackAsync(caller.FirmId, context.CancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var response = new ListReferralFeedbackResponse { OtherSideSealed = feedback.OtherSideSealed };
        response.Feedback.AddRange(feedback.Visible.Select(f => MatchMapping.ToProto(caller.NetworkId, f, now)));
        return response;
    }

    public override async Task<ListFeedbackAboutFirmResponse> ListFeedbackAboutFirm(ListFeedbackAboutFirmRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize);
        var offset = PageTokens.ReadOffset(v, request.PageToken, request.Parent + "|feedback");

        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var page = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId))
            .ListFeedbackAboutFirmAsync(pageSize, offset, context.CancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var response = new ListFeedbackAboutFirmResponse
        {
            SealedCount = page.SealedCount,
            NextPageToken = PageTokens.MakeOffset(page.NextOffset, request.Parent + "|feedback"),
        };
        response.Feedback.AddRange(page.Feedback.Select(f => MatchMapping.ToProto(caller.NetworkId, f, now)));
        return response;
    }

    public override async Task<Chemistry> GetChemistry(GetChemistryRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var other = Names.Parse(v, "other", request.Other, "networks", "firms");
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        Access.OwnNetwork(caller, other![0], "other");

        var chemistry = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId))
            .GetChemistryAsync(other[1], context.CancellationToken);
        return MatchMapping.ToProto(caller.NetworkId, chemistry);
    }
}
