using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Orleans.Storage;

namespace Viidakko.Gateway.Errors;

/// <summary>Builds rich gRPC errors: a <c>google.rpc.Status</c> with ErrorInfo and BadRequest details.</summary>
public static class RpcErrors
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
        DomainErrorKind.ResourceExhausted => Code.ResourceExhausted,
        DomainErrorKind.OutOfRange => Code.OutOfRange,
        _ => Code.Internal,
    };

    /// <summary>Turns a domain error into the gRPC error the caller sees.</summary>
    public static RpcException From(DomainException e) => Build(CodeOf(e.Kind), e.Message, e.Reason, e.Violations, e.RetryAfter, e.Metadata);

    /// <summary>UNAUTHENTICATED.</summary>
    public static RpcException Unauthenticated(string message) => Build(Code.Unauthenticated, message, Reasons.Unauthenticated, []);

    /// <summary>PERMISSION_DENIED with a reason.</summary>
    public static RpcException Denied(string reason, string message) => Build(Code.PermissionDenied, message, reason, []);

    /// <summary>
    /// Builds a status with ErrorInfo (and BadRequest when there are violations, RetryInfo when the
    /// caller should wait before trying again).
    /// </summary>
    public static RpcException Build(
        Code code, string message, string reason, IReadOnlyList<FieldViolation> violations, TimeSpan? retryAfter = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        status.Details.Add(Any.Pack(info));
        if (violations.Count > 0)
        {
            var bad = new BadRequest();
            bad.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(bad));
        }

        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay < TimeSpan.Zero ? TimeSpan.Zero : delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>Throws PERMISSION_DENIED for a resource outside the caller's reach.</summary>
    [DoesNotReturn]
    public static T ThrowNotYours<T>(string what) =>
        throw DomainException.Denied(Reasons.NotYourResource, $"You may not access this {what}.");
}
