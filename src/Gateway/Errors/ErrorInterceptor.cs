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
        catch (RpcException)
        {
            throw;
        }
        catch (DomainException e)
        {
            throw RpcErrors.From(e);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Build(Code.Cancelled, "The call was cancelled.", Reasons.Cancelled, []);
        }
        catch (InconsistentStateException e)
        {
            logger.LogWarning(e, "Concurrent update in {Method}", context.Method);
            throw RpcErrors.Build(Code.Aborted, "The resource was changed concurrently; retry the call.", Reasons.ConcurrentUpdate, []);
        }
        catch (TimeoutException e)
        {
            logger.LogWarning(e, "Timeout in {Method}", context.Method);
            throw RpcErrors.Build(Code.DeadlineExceeded, "The hub did not answer in time; retry the call.", Reasons.Timeout, []);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or ClientNotAvailableException
            || Cause<StorageUnavailableException>(e) is not null
            // Cancelled by the cluster, not by the caller: a message expired while its grain was
            // being placed (a silo leaving, say). A retry with the same request id finds whatever was applied.
            || e is OperationCanceledException)
        {
            logger.LogWarning(e, "Cluster unavailable in {Method}", context.Method);
            throw RpcErrors.Build(Code.Unavailable, "The hub is temporarily unavailable; retry the call.", Reasons.Unavailable, []);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw RpcErrors.Build(Code.Internal, "Internal error.", Reasons.Internal, []);
        }
    }

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
