using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Orleans.Storage;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>Builds rich gRPC errors: a <c>google.rpc.Status</c> with ErrorInfo and BadRequest details.</summary>
public static class Errors
{
    /// <summary>The <c>ErrorInfo.domain</c> of every Viidakko error.</summary>
    public const string Domain = "viidakko";

    /// <summary>The status code for a domain error kind.</summary>
    public static Code CodeOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.InvalidArgument => Code.InvalidArgument,
        DomainErrorKind.NotFound => Code.NotFound,
        DomainErrorKind.AlreadyExists => Code.AlreadyExists,
        DomainErrorKind.FailedPrecondition => Code.FailedPrecondition,
        DomainErrorKind.PermissionDenied => Code.PermissionDenied,
        DomainErrorKind.Aborted => Code.Aborted,
        _ => Code.Internal,
    };

    /// <summary>Turns a domain error into the gRPC error the caller sees.</summary>
    public static RpcException From(DomainException e) => Build(CodeOf(e.Kind), e.Message, e.Reason, e.Violations);

    /// <summary>UNAUTHENTICATED.</summary>
    public static RpcException Unauthenticated(string message) => Build(Code.Unauthenticated, message, "UNAUTHENTICATED", []);

    /// <summary>PERMISSION_DENIED with a reason.</summary>
    public static RpcException Denied(string reason, string message) => Build(Code.PermissionDenied, message, reason, []);

    /// <summary>Builds a status with ErrorInfo (and BadRequest when there are violations).</summary>
    public static RpcException Build(Code code, string message, string reason, IReadOnlyList<FieldViolation> violations)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        if (violations.Count > 0)
        {
            var bad = new BadRequest();
            bad.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(bad));
        }

        return status.ToRpcException();
    }

    /// <summary>Throws PERMISSION_DENIED for a resource outside the caller's reach.</summary>
    [DoesNotReturn]
    public static T ThrowNotYours<T>(string what) =>
        throw DomainException.Denied("NOT_YOUR_RESOURCE", $"You may not access this {what}.");
}

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
            throw Errors.From(e);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw Errors.Build(Code.Cancelled, "The call was cancelled.", "CANCELLED", []);
        }
        catch (InconsistentStateException e)
        {
            logger.LogWarning(e, "Concurrent update in {Method}", context.Method);
            throw Errors.Build(Code.Aborted, "The resource was changed concurrently; retry the call.", "CONCURRENT_UPDATE", []);
        }
        catch (TimeoutException e)
        {
            logger.LogWarning(e, "Timeout in {Method}", context.Method);
            throw Errors.Build(Code.DeadlineExceeded, "The hub did not answer in time; retry the call.", "TIMEOUT", []);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or ClientNotAvailableException
            || Cause<StorageUnavailableException>(e) is not null)
        {
            logger.LogWarning(e, "Cluster unavailable in {Method}", context.Method);
            throw Errors.Build(Code.Unavailable, "The hub is temporarily unavailable; retry the call.", "UNAVAILABLE", []);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw Errors.Build(Code.Internal, "Internal error.", "INTERNAL", []);
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
