using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Viidakko.Gateway.Limits;

/// <summary>
/// Charges each firm call its cost (<see cref="MethodCosts"/>) against its firm's and network's
/// buckets (<see cref="TenantLimits"/>) after the caller is known: RESOURCE_EXHAUSTED (RATE_LIMITED)
/// with a RetryInfo when they are empty, and on HTTP/JSON also <c>Retry-After</c> beside the 429. An
/// event watch also counts against the firm's open watches (TOO_MANY_WATCHES). Operator calls pass.
/// </summary>
public sealed class RateLimitInterceptor(TenantLimits limits) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await ChargeAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (await ChargeAsync(context) is not { } caller)
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var watch = limits.OpenWatch(caller.NetworkId, caller.FirmId)
            ?? throw RpcErrors.Build(Google.Rpc.Code.ResourceExhausted,
                $"Your firm already holds {limits.MaxWatches} event watches open on this gateway; close one (or resume on another gateway).",
                Reasons.TooManyWatches, [], TimeSpan.FromSeconds(5));
        await continuation(request, responseStream, context);
    }

    /// <summary>Charges a firm caller's call; returns the caller (null for the operator and open calls).</summary>
    private async Task<Caller?> ChargeAsync(ServerCallContext context)
    {
        if (Caller.Find(context) is not { IsAdmin: false } caller)
        {
            return null;
        }

        if (await limits.SpendAsync(caller.NetworkId, caller.FirmId, MethodCosts.Of(context.Method), context.CancellationToken) is { } refusal)
        {
            var (retryAfter, exhausted) = (refusal.RetryAfter, refusal.Exhausted);
            if (context.GetHttpContext() is { } http)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            throw RpcErrors.Build(Google.Rpc.Code.ResourceExhausted,
                $"The rate limit of {exhausted} is spent on this gateway; try again in {Math.Max(0.1, retryAfter.TotalSeconds):0.#} s.",
                Reasons.RateLimited, [], retryAfter);
        }

        return caller;
    }
}
