using Viidakko.Gateway.Limits;

namespace Viidakko.Gateway.Tests;

public sealed class MethodCostsTests
{
    [Theory]
    [InlineData("/viidakko.v1.FirmService/GetFirm", 1)]
    [InlineData("/viidakko.v1.EventService/WatchEvents", 1)]
    [InlineData("/viidakko.v1.ReferralService/ListReferrals", 2)]
    [InlineData("/viidakko.v1.ReferralService/AcceptReferral", 3)]
    [InlineData("/viidakko.v1.ClientService/CreateClient", 3)]
    [InlineData("/viidakko.v1.OverlapService/GetOverlap", 5)]
    [InlineData("/viidakko.v1.MatchService/MatchPartners", MethodCosts.Max)]
    [InlineData("/viidakko.v1.MatchService/SuggestMeetings", MethodCosts.Max)]
    [InlineData("/viidakko.v1.AdminService/RegisterFirm", 0)]
    [InlineData("/viidakko.v1.HubService/Ping", 0)]
    [InlineData("/grpc.health.v1.Health/Check", 0)]
    public void A_match_costs_more_than_a_change_and_a_change_more_than_a_read(string method, int cost) =>
        Assert.Equal(cost, MethodCosts.Of(method));

    [Fact]
    public void Every_firm_method_of_the_API_has_a_cost_of_at_least_one()
    {
        foreach (var service in new[] { Api.V1.FirmService.Descriptor, Api.V1.PartnershipService.Descriptor, Api.V1.ClientService.Descriptor,
            Api.V1.ReferralService.Descriptor, Api.V1.MatchService.Descriptor, Api.V1.FeedbackService.Descriptor, Api.V1.OverlapService.Descriptor,
            Api.V1.EventService.Descriptor, Api.V1.WebhookService.Descriptor })
        {
            foreach (var method in service.Methods)
            {
                Assert.InRange(MethodCosts.Of($"/{service.FullName}/{method.Name}"), 1, MethodCosts.Max);
            }
        }
    }
}
