using System.Collections.Concurrent;
using Grpc.Core;

namespace Viidakko.Gateway.Auth;

/// <summary>Who is calling: the operator, or one firm of one network.</summary>
public sealed record Caller(bool IsAdmin, string NetworkId, string FirmId)
{
    private static readonly object Key = new();

    /// <summary>The caller of the current request, set by <see cref="AuthInterceptor"/>.</summary>
    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing credentials."));

    internal static void Set(ServerCallContext context, Caller caller) => context.UserState[Key] = caller;
}
