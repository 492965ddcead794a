using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;

namespace Viidakko.Bench.Service.Infrastructure;

/// <summary>
/// gRPC errors with a <c>google.rpc.Status</c> carrying an <c>ErrorInfo</c> (and a <c>BadRequest</c>
/// for invalid fields), the same shape the hub sends, so a client sees the same codes from both.
/// </summary>
internal static class Fail
{
    private const string Domain = "viidakko";

    [DoesNotReturn]
    public static void NotFound(string what) => throw Build(Code.NotFound, $"{what} not found.", "NOT_FOUND");

    [DoesNotReturn]
    public static void Precondition(string reason, string message) => throw Build(Code.FailedPrecondition, message, reason);

    [DoesNotReturn]
    public static void AlreadyExists(string reason, string message) => throw Build(Code.AlreadyExists, message, reason);

    [DoesNotReturn]
    public static void Denied(string reason, string message) => throw Build(Code.PermissionDenied, message, reason);

    [DoesNotReturn]
    public static void Unauthenticated(string message) => throw Build(Code.Unauthenticated, message, "UNAUTHENTICATED");

    [DoesNotReturn]
    public static void Invalid(string field, string description, string reason = "INVALID_ARGUMENT") =>
        throw Build(Code.InvalidArgument, $"{field} {description}.", reason, [(field, description)]);

    public static RpcException Build(Code code, string message, string reason, IReadOnlyList<(string Field, string Description)>? violations = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        if (violations is { Count: > 0 })
        {
            var bad = new BadRequest();
            bad.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(bad));
        }

        return status.ToRpcException();
    }
}

/// <summary>
/// Turns whatever escaped a handler into a status code: database trouble that a retry may fix
/// becomes UNAVAILABLE or ABORTED; anything else is INTERNAL, logged here and never shown to the caller.
/// </summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
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
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw Fail.Build(Code.Cancelled, "The call was cancelled.", "CANCELLED");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
        {
            logger.LogWarning(e, "Concurrent update in {Method}", context.Method);
            throw Fail.Build(Code.Aborted, "The resource was changed concurrently; retry the call.", "CONCURRENT_UPDATE");
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            logger.LogWarning(e, "Database unavailable in {Method}", context.Method);
            throw Fail.Build(Code.Unavailable, "The service is temporarily unavailable; retry the call.", "UNAVAILABLE");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw Fail.Build(Code.Internal, "Internal error.", "INTERNAL");
        }
    }
}
