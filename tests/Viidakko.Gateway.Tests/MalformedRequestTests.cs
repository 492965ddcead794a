using Grpc.Core;
using Microsoft.Extensions.Logging;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

/// <summary>A hub whose log is captured, for tests that promise what is (not) logged.</summary>
public sealed class LoggedHubFixture : IAsyncLifetime
{
    private HubHost? _hub;

    public string DataDir { get; } = Directory.CreateTempSubdirectory("viidakko-gateway-tests-").FullName;

    public string AdminKey { get; } = TestData.NewAdminKey();

    public LogCapture Logs { get; } = new();

    public HubHost Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync(DataDir, AdminKey, logs: Logs);

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        TestData.DeleteDirectory(DataDir);
    }
}

/// <summary>
/// Bytes that are no protobuf message (truncated, random, invalid UTF-8 in a string field) are the
/// caller's mistake: INVALID_ARGUMENT, with or without credentials, and nothing at error level in
/// the hub's log. grpc-dotnet alone answers them UNKNOWN "Exception was thrown by handler".
/// </summary>
public sealed class MalformedRequestTests(LoggedHubFixture fixture) : IClassFixture<LoggedHubFixture>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    private static Method<byte[], byte[]> MethodOf(string service, string name) =>
        new(MethodType.Unary, $"viidakko.v1.{service}", name, Raw, Raw);

    private async Task<RpcException> SendAsync(string service, string method, byte[] body, string? key = null)
    {
        var options = key is null ? new CallOptions() : new CallOptions(new Metadata { { "authorization", $"Bearer {key}" } });
        return await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Hub.Channel.CreateCallInvoker().AsyncUnaryCall(MethodOf(service, method), null, options, body));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_field_is_invalid_argument_without_credentials()
    {
        fixture.Logs.Clear();
        // Field 1 (payload), length 1, the byte 0xFF: no UTF-8 text starts with it.
        var error = await SendAsync("HubService", "Ping", [0x0a, 0x01, 0xff]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", Rpc.Reason(error));
        Assert.Contains("PingRequest", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(fixture.Logs.AtLeast(LogLevel.Error));
        Assert.Empty(fixture.Logs.WithExceptions);
    }

    [Theory]
    [InlineData("ClientService", "GetClient")]
    [InlineData("FirmService", "UpdateFirm")]
    [InlineData("ReferralService", "CreateReferral")]
    [InlineData("AdminService", "RegisterFirm")]
    public async Task Truncated_and_random_bytes_are_invalid_argument_whoever_sends_them(string service, string method)
    {
        fixture.Logs.Clear();
        var random = new Random(7);
        List<byte[]> bodies =
        [
            [0x0a, 0x10, 0x6e, 0x65], // a string field that claims 16 bytes and has 2
            [0x0a],                   // a tag with no value
            [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // a varint over 10 bytes
            [0x00, 0x01],             // field number 0
        ];
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            bodies.Add(bytes);
        }

        foreach (var body in bodies)
        {
            foreach (var key in new[] { null, "vk1.nowhere.nobody.0123456789abcdefghij", fixture.AdminKey })
            {
                try
                {
                    await fixture.Hub.Channel.CreateCallInvoker().AsyncUnaryCall(
                        MethodOf(service, method), null,
                        key is null ? new CallOptions() : new CallOptions(new Metadata { { "authorization", $"Bearer {key}" } }), body);
                }
                catch (RpcException e)
                {
                    // Random bytes that happen to parse are judged like any request: refused for
                    // what they say or who sends them; never a crash.
                    Assert.True(e.StatusCode is StatusCode.InvalidArgument or StatusCode.Unauthenticated or StatusCode.PermissionDenied
                        or StatusCode.NotFound or StatusCode.FailedPrecondition,
                        $"{service}/{method} with {Convert.ToHexString(body)} as {key ?? "nobody"}: {e.StatusCode} {e.Status.Detail}");
                }
            }
        }

        Assert.Empty(fixture.Logs.AtLeast(LogLevel.Error));
        Assert.Empty(fixture.Logs.WithExceptions);
    }

    [Fact]
    public async Task A_truncated_message_names_the_problem()
    {
        var error = await SendAsync("ClientService", "GetClient", [0x0a, 0x10, 0x6e, 0x65], fixture.AdminKey);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", Rpc.Reason(error));
        Assert.Contains("GetClientRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nesting_beyond_the_parser_limit_is_invalid_argument()
    {
        // An unknown field 100 as 200 groups inside each other: the parser gives up at its
        // recursion limit (100) before any credentials are looked at.
        byte[] start = [0xa3, 0x06], end = [0xa4, 0x06];
        var body = Enumerable.Repeat(start, 200).SelectMany(b => b).Concat(Enumerable.Repeat(end, 200).SelectMany(b => b)).ToArray();

        var error = await SendAsync("ReferralService", "CreateReferral", body);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", Rpc.Reason(error));
    }
}
