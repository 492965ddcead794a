using Grpc.Core;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Checks <c>authorization: Bearer &lt;key&gt;</c> on every Viidakko call. AdminService takes the
/// operator key; every other Viidakko service takes a firm key and acts as that firm, so no request
/// ever names the firm it comes from. Without a key, a call over HTTP/JSON from a page signed in as a
/// person (session cookie) acts as that person's firm, or as the operator (<see cref="SessionVerifier"/>).
/// Health, reflection and HubService (ping) stay open.
/// </summary>
public sealed class AuthInterceptor(AdminKey adminKey, FirmKeyVerifier firmKeys, SessionVerifier sessions) : Grpc.Core.Interceptors.Interceptor
{
    private const string AdminService = "/viidakko.v1.AdminService/";
    private const string ViidakkoPrefix = "/viidakko.v1.";
    private const string HubService = "/viidakko.v1.HubService/";

    /// <summary>Firm calls the operator may make too: the directory is public within a network.</summary>
    private static readonly HashSet<string> OperatorReads = ["/viidakko.v1.FirmService/ListFirms", "/viidakko.v1.FirmService/GetFirm"];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.StartsWith(ViidakkoPrefix, StringComparison.Ordinal) && !context.Method.StartsWith(HubService, StringComparison.Ordinal))
        {
            Admit(context, await AuthenticateAsync(context));
        }

        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.StartsWith(ViidakkoPrefix, StringComparison.Ordinal) && !context.Method.StartsWith(HubService, StringComparison.Ordinal))
        {
            Admit(context, await AuthenticateAsync(context));
        }

        await continuation(request, responseStream, context);
    }

    private static void Admit(ServerCallContext context, Caller caller)
    {
        Caller.Set(context, caller);
        if (caller.Person is { } person)
        {
            // Set here, not in the async method that found it: a value set there would not flow back.
            ActingPerson.Set(person.DisplayName);
        }
    }

    private async Task<Caller> AuthenticateAsync(ServerCallContext context)
    {
        var key = BearerKey(context);
        if (key is null && context.GetHttpContext() is { } http && SessionCookie.Read(http.Request) is { } sessionId)
        {
            return await sessions.AdmitAsync(sessionId, http.Request.Headers[SessionCookie.CsrfHeader].FirstOrDefault(),
                context.Method.StartsWith(AdminService, StringComparison.Ordinal), OperatorReads.Contains(context.Method), context.CancellationToken);
        }

        if (key is null)
        {
            throw RpcErrors.Unauthenticated("Send 'authorization: Bearer <key>' (gRPC metadata, or the HTTP header), or sign in to the web app.");
        }

        if (context.Method.StartsWith(AdminService, StringComparison.Ordinal))
        {
            return adminKey.Matches(key)
                ? new Caller(true, "", "")
                : throw RpcErrors.Unauthenticated("The admin key is not valid.");
        }

        if (OperatorReads.Contains(context.Method) && adminKey.Matches(key))
        {
            return new Caller(true, "", "");
        }

        if (!ApiKeys.TryParseFirmKey(key, out var networkId, out var firmId))
        {
            throw RpcErrors.Unauthenticated("The API key is not valid.");
        }

        await firmKeys.AdmitAsync(networkId, firmId, key, context.CancellationToken);
        return new Caller(false, networkId, firmId);
    }

    /// <summary>The key of <c>authorization: Bearer &lt;key&gt;</c>, or null when the call has none.</summary>
    internal static string? BearerKey(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
