using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Orleans.Storage;

namespace Viidakko.Gateway.Errors;

/// <summary>
/// Maps every failure to a status code with details. Domain errors carry their own code and reason;
/// infrastructure failures become UNAVAILABLE / DEADLINE_EXCEEDED / ABORTED; anything else is an
/// INTERNAL error whose text never leaves the hub (it is logged instead).
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    /// <summary>The status a failure is answered with (logged unless it is the caller's own doing).</summary>
    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case DomainException domain:
                return RpcErrors.From(domain);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return RpcErrors.Build(Code.Cancelled, "The call was cancelled.", Reasons.Cancelled, []);
            case InconsistentStateException:
                logger.LogWarning(e, "Concurrent update in {Method}", context.Method);
                return RpcErrors.Build(Code.Aborted, "The resource was changed concurrently; retry the call.", Reasons.ConcurrentUpdate, []);
            case TimeoutException:
                logger.LogWarning(e, "Timeout in {Method}", context.Method);
                return RpcErrors.Build(Code.DeadlineExceeded, "The hub did not answer in time; retry the call.", Reasons.Timeout, []);
            case var _ when IsUnavailable(e):
                logger.LogWarning(e, "Cluster unavailable in {Method}", context.Method);
                return RpcErrors.Build(Code.Unavailable, "The hub is temporarily unavailable; retry the call.", Reasons.Unavailable, []);
            default:
                logger.LogError(e, "Unhandled error in {Method}", context.Method);
                return RpcErrors.Build(Code.Internal, "Internal error.", Reasons.Internal, []);
        }
    }

    /// <summary>
    /// The cluster or its storage could not take the call for now (a retry with the same request id
    /// finds whatever was applied); a cancellation that did not come from the caller counts too (a
    /// message expired while its grain was being placed, say while a silo left).
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or ClientNotAvailableException or OperationCanceledException
        || Cause<StorageUnavailableException>(e) is not null;

    /// <summary>The exception or one of its inner exceptions of type <typeparamref name="T"/> (a failed activation wraps its cause).</summary>
    private static T? Cause<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
