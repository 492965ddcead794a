using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Viidakko.Gateway.Errors;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

/// <summary>
/// How infrastructure failures reach a member system: the ones a retry may cure say so
/// (UNAVAILABLE, DEADLINE_EXCEEDED), the rest are INTERNAL with nothing of the hub's inside shown.
/// The end-to-end tests meet domain errors; these failures need a cluster in trouble, so they are
/// raised here directly.
/// </summary>
public sealed class ErrorInterceptorTests
{
    public static TheoryData<string, StatusCode, string> Failures => new()
    {
        // A message that expired while its grain was being placed (a silo leaving) is cancelled by
        // the cluster, not by the caller.
        { "cluster-cancelled", StatusCode.Unavailable, Reasons.Unavailable },
        { "silo-unavailable", StatusCode.Unavailable, Reasons.Unavailable },
        { "timeout", StatusCode.DeadlineExceeded, Reasons.Timeout },
        { "bug", StatusCode.Internal, Reasons.Internal },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failures_map_to_the_status_a_member_system_can_act_on(string failure, StatusCode code, string reason)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => HandleAsync(Raise(failure), CancellationToken.None));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(reason, Rpc.Reason(error));
        Assert.DoesNotContain("secret", error.Status.Detail);
    }

    [Fact]
    public async Task A_call_the_caller_cancelled_is_reported_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => HandleAsync(Raise("cluster-cancelled"), cancelled.Token));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static Exception Raise(string failure) => failure switch
    {
        "cluster-cancelled" => new OperationCanceledException("Message expired before placement could complete (secret)."),
        "silo-unavailable" => new SiloUnavailableException("secret"),
        "timeout" => new TimeoutException("secret"),
        _ => new InvalidOperationException("secret"),
    };

    private static Task<string> HandleAsync(Exception failure, CancellationToken callerToken) =>
        new ErrorInterceptor(NullLogger<ErrorInterceptor>.Instance).UnaryServerHandler<string, string>(
            "request", new FakeCallContext(callerToken), (_, _) => Task.FromException<string>(failure));
}
