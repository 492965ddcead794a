using Viidakko.Gateway.OpenApi;

namespace Viidakko.Gateway.Tests;

public sealed class HttpPathTemplateTests
{
    [Theory]
    [InlineData("/v1/networks", "/v1/networks", "", "")]
    [InlineData("/v1/{name=networks/*}", "/v1/networks/{network}", "network", "name")]
    [InlineData("/v1/{name=networks/*/referrals/*}:accept", "/v1/networks/{network}/referrals/{referral}:accept", "network,referral", "name")]
    [InlineData("/v1/{network.name=networks/*}", "/v1/networks/{network}", "network", "network.name")]
    [InlineData("/v1/{parent=networks/*/firms/*/webhooks/*}/deliveries", "/v1/networks/{network}/firms/{firm}/webhooks/{webhook}/deliveries", "network,firm,webhook", "parent")]
    [InlineData("/v1/{name=networks/*/firms/*/webhooks/*/deliveries/*}:redeliver", "/v1/networks/{network}/firms/{firm}/webhooks/{webhook}/deliveries/{delivery}:redeliver", "network,firm,webhook,delivery", "name")]
    [InlineData("/v1/items/{id}", "/v1/items/{id}", "id", "id")]
    public void A_template_becomes_an_openapi_path_with_a_parameter_per_segment(string template, string path, string parameters, string fields)
    {
        var parsed = HttpPathTemplate.Parse(template);
        Assert.Equal(path, parsed.Path);
        Assert.Equal(parameters.Split(',', StringSplitOptions.RemoveEmptyEntries), parsed.Parameters);
        Assert.Equal(fields.Split(',', StringSplitOptions.RemoveEmptyEntries), parsed.BoundFields);
    }

    [Fact]
    public void An_unclosed_variable_is_an_error() =>
        Assert.Throws<FormatException>(() => HttpPathTemplate.Parse("/v1/{name=networks/*"));
}
