using Viidakko.Gateway.Hosting;

namespace Viidakko.Gateway.Tests;

/// <summary>The gateway's listen settings: gRPC and HTTP/JSON each need a port of their own.</summary>
public sealed class GatewayOptionsTests
{
    private static readonly ApiGatewayOptionsValidator Validator = new(requireAdminKey: false);

    [Fact]
    public void Http_json_on_the_grpc_port_is_refused_with_a_message_that_names_the_setting()
    {
        var result = Validator.Validate(null, new ApiGatewayOptions { Listen = "http://127.0.0.1:5000", HttpListen = "http://127.0.0.1:5000" });
        Assert.True(result.Failed);
        Assert.Contains("Viidakko:HttpListen (VIIDAKKO_HTTP_LISTEN) needs a port of its own", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("")]
    public void Http_json_on_its_own_port_any_port_or_none_is_accepted(string httpListen) =>
        Assert.True(Validator.Validate(null, new ApiGatewayOptions { Listen = "http://127.0.0.1:5000", HttpListen = httpListen }).Succeeded);
}
