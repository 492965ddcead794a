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
}

/// <summary>One invalid field, reported to the caller as a <c>google.rpc.BadRequest</c> violation.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FieldViolation")]
public sealed record FieldViolation([property: Id(0)] string Field, [property: Id(1)] string Description);

/// <summary>
/// A failure the caller can act on. <see cref="Reason"/> is a stable UPPER_SNAKE_CASE code that the
/// gateway puts into <c>google.rpc.ErrorInfo.reason</c>; the message is safe to show to callers.
/// </summary>
[GenerateSerializer, Alias("viidakko.DomainException")]
public sealed class DomainException : Exception
{
    /// <summary>Creates a domain error.</summary>
    public DomainException(DomainErrorKind kind, string reason, string message, IReadOnlyList<FieldViolation>? violations = null)
        : base(message)
    {
        Kind = kind;
        Reason = reason;
        Violations = violations?.ToArray() ?? [];
    }

    /// <summary>The kind of failure.</summary>
    [Id(0)] public DomainErrorKind Kind { get; init; }

    /// <summary>Stable machine-readable reason code.</summary>
    [Id(1)] public string Reason { get; init; }

    /// <summary>Field violations (for <see cref="DomainErrorKind.InvalidArgument"/>).</summary>
    [Id(2)] public FieldViolation[] Violations { get; init; }

    /// <summary>Throws <see cref="DomainErrorKind.NotFound"/>.</summary>
    public static DomainException NotFound(string what) =>
        new(DomainErrorKind.NotFound, "NOT_FOUND", $"{what} was not found.");

    /// <summary>Throws <see cref="DomainErrorKind.FailedPrecondition"/> with a reason code.</summary>
    public static DomainException Precondition(string reason, string message) =>
        new(DomainErrorKind.FailedPrecondition, reason, message);

    /// <summary>Throws <see cref="DomainErrorKind.InvalidArgument"/> for one field.</summary>
    public static DomainException Invalid(string field, string description) =>
        new(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT", $"{field}: {description}", [new FieldViolation(field, description)]);

    /// <summary>INVALID_ARGUMENT for every field in <paramref name="violations"/>; the message names the only one, or counts them.</summary>
    public static DomainException InvalidFields(IReadOnlyList<FieldViolation> violations) =>
        new(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            violations.Count == 1 ? $"{violations[0].Field}: {violations[0].Description}" : $"{violations.Count} invalid fields; see details.",
            violations);

    /// <summary>INVALID_ARGUMENT: a request id (AIP-155) came back with a different request.</summary>
    public static DomainException RequestIdReused(string what = "request") =>
        new(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused, $"This request_id was already used for a different {what}.",
            [new FieldViolation("request_id", "already used for a different request")]);

    /// <summary>Throws <see cref="DomainErrorKind.PermissionDenied"/>.</summary>
    public static DomainException Denied(string reason, string message) =>
        new(DomainErrorKind.PermissionDenied, reason, message);
}

/// <summary>Reason codes that callers can rely on (they appear in <c>ErrorInfo.reason</c>).</summary>
public static class Reasons
{
    public const string IllegalTransition = "ILLEGAL_TRANSITION";
    public const string ClientUnderCustody = "CLIENT_UNDER_CUSTODY";
    public const string ClientKept = "CLIENT_KEPT";
    public const string NotPartners = "NOT_PARTNERS";
    public const string OutOfScope = "OUT_OF_PARTNERSHIP_SCOPE";
    public const string ProposalPending = "PARTNERSHIP_PROPOSAL_PENDING";
    public const string RequestIdReused = "REQUEST_ID_REUSED";
    public const string FirmSuspended = "FIRM_SUSPENDED";
    public const string WrongRole = "WRONG_ROLE";
    public const string DuplicateClient = "DUPLICATE_CLIENT";
    public const string NetworkMissing = "NETWORK_NOT_FOUND";
}

/// <summary>
/// Grain state could not be read or written (the database is down, restarting or unreachable).
/// Nothing was acknowledged; the caller may retry. The gateway maps it to <c>UNAVAILABLE</c>; the
/// silo logs the underlying error.
/// </summary>
[GenerateSerializer, Alias("viidakko.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the error with a message that is safe to log anywhere (no connection details).</summary>
    public StorageUnavailableException(string message) : base(message)
    {
    }
}
