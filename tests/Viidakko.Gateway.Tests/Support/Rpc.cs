using Google.Rpc;
using Grpc.Core;

namespace Viidakko.Gateway.Tests.Support;

/// <summary>Assertions on gRPC failures and their <c>google.rpc.Status</c> details.</summary>
public static class Rpc
{
    /// <summary>The call fails with <paramref name="code"/>; returns the exception for further checks.</summary>
    public static async Task<RpcException> Fails<T>(StatusCode code, Func<AsyncUnaryCall<T>> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.True(e.StatusCode == code, $"Expected {code} but got {e.StatusCode}: {e.Status.Detail}");
        return e;
    }

    /// <summary>The call fails with <paramref name="code"/> and <c>ErrorInfo.reason</c> <paramref name="reason"/>.</summary>
    public static async Task<RpcException> Fails<T>(StatusCode code, string reason, Func<AsyncUnaryCall<T>> call)
    {
        var e = await Fails(code, call);
        Assert.Equal(reason, Reason(e));
        return e;
    }

    /// <summary>
    /// The call fails with INVALID_ARGUMENT and a BadRequest naming each of <paramref name="fields"/>;
    /// returns the violations.
    /// </summary>
    public static async Task<BadRequest> Invalid<T>(Func<AsyncUnaryCall<T>> call, params string[] fields)
    {
        var e = await Fails(StatusCode.InvalidArgument, call);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal("INVALID_ARGUMENT", status.GetDetail<ErrorInfo>()?.Reason);
        var bad = status.GetDetail<BadRequest>();
        Assert.NotNull(bad);
        var named = bad.FieldViolations.Select(v => v.Field).ToList();
        foreach (var field in fields)
        {
            Assert.True(named.Contains(field), $"Expected a violation of '{field}'; got: {string.Join(", ", named)}");
        }

        Assert.All(bad.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return bad;
    }

    /// <summary><c>ErrorInfo.reason</c> of a failure (null when the status has no ErrorInfo).</summary>
    public static string? Reason(RpcException e) => e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
}
