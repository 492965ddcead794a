namespace Viidakko;

/// <summary>What kind of failure a <see cref="DomainException"/> is; the gateway maps it to a gRPC status.</summary>
[GenerateSerializer, Alias("viidakko.DomainErrorKind")]
public enum DomainErrorKind
{
    /// <summary>A field value is malformed or out of range.</summary>
    InvalidArgument = 1,
    /// <summary>The resource does not exist, or the caller may not know that it exists.</summary>
    NotFound = 2,
    /// <summary>The resource the caller tried to create already exists.</summary>
    AlreadyExists = 3,
    /// <summary>The request is well formed but the resource's state does not allow it.</summary>
    FailedPrecondition = 4,
    /// <summary>The caller is known but not allowed to do this.</summary>
    PermissionDenied = 5,
    /// <summary>Concurrent modification; the caller may retry.</summary>
    Aborted = 6,
    /// <summary>A quota is used up; the caller may retry after <see cref="DomainException.RetryAfter"/>.</summary>
    ResourceExhausted = 7,
    /// <summary>A position outside what is kept (an event cursor older than the retention).</summary>
    OutOfRange = 8,
}
