using Grpc.Core;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Who is calling: the operator, or one firm of one network; <see cref="Person"/> is set when a
/// person signed in to the web app makes the call (null for an API key).
/// </summary>
public sealed record Caller(bool IsAdmin, string NetworkId, string FirmId, CallerPerson? Person = null)
{
    private static readonly object Key = new();

    /// <summary>The caller of the current request, set by <see cref="AuthInterceptor"/>.</summary>
    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing credentials."));

    /// <summary>The caller of the current request, or null before authentication (or for open calls).</summary>
    public static Caller? Find(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) ? caller as Caller : null;

    internal static void Set(ServerCallContext context, Caller caller) => context.UserState[Key] = caller;
}
