namespace Viidakko;

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

    /// <summary>When the caller may try again (for <see cref="DomainErrorKind.ResourceExhausted"/>).</summary>
    [Id(3)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>Facts for the caller's program, put into <c>ErrorInfo.metadata</c> (e.g. <c>oldest_position</c>).</summary>
    [Id(4)] public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>RESOURCE_EXHAUSTED: a quota is used up until <paramref name="retryAfter"/> has passed.</summary>
    public static DomainException Exhausted(string reason, string message, TimeSpan retryAfter) =>
        new(DomainErrorKind.ResourceExhausted, reason, message) { RetryAfter = retryAfter };

    /// <summary>Throws <see cref="DomainErrorKind.NotFound"/>.</summary>
    public static DomainException NotFound(string what) =>
        new(DomainErrorKind.NotFound, Reasons.NotFound, $"{what} was not found.");

    /// <summary>Throws <see cref="DomainErrorKind.FailedPrecondition"/> with a reason code.</summary>
    public static DomainException Precondition(string reason, string message) =>
        new(DomainErrorKind.FailedPrecondition, reason, message);

    /// <summary>Throws <see cref="DomainErrorKind.InvalidArgument"/> for one field.</summary>
    public static DomainException Invalid(string field, string description) =>
        new(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument, $"{field}: {description}", [new FieldViolation(field, description)]);

    /// <summary>INVALID_ARGUMENT for every field in <paramref name="violations"/>; the message names the only one, or counts them.</summary>
    public static DomainException InvalidFields(IReadOnlyList<FieldViolation> violations) =>
        new(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument,
            violations.Count == 1 ? $"{violations[0].Field}: {violations[0].Description}" : $"{violations.Count} invalid fields; see details.",
            violations);

    /// <summary>INVALID_ARGUMENT: a request id (AIP-155) came back with a different request.</summary>
    public static DomainException RequestIdReused(string what = "request") =>
        new(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused, $"This request_id was already used for a different {what}.",
            [new FieldViolation("request_id", "already used for a different request")]);

    /// <summary>
    /// OUT_OF_RANGE: the events after a position are no longer all kept; <paramref name="oldest"/> is
    /// the oldest position still available (in the metadata as <c>oldest_position</c>).
    /// </summary>
    public static DomainException CursorExpired(long after, long oldest) =>
        new(DomainErrorKind.OutOfRange, Reasons.CursorExpired,
            $"Events after position {after} are no longer kept; the oldest kept is {oldest}. Resume from there (or resynchronise from the lists).")
        {
            Metadata = new() { ["oldest_position"] = oldest.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

    /// <summary>
    /// OUT_OF_RANGE: a network feed cursor older than the retention (what followed it may be gone);
    /// <paramref name="oldestTime"/> is the time of the oldest event still kept, if any (in the
    /// metadata as <c>oldest_time</c>).
    /// </summary>
    public static DomainException NetworkCursorExpired(TimeSpan retention, DateTime? oldestTime) =>
        new(DomainErrorKind.OutOfRange, Reasons.CursorExpired,
            $"Events after this cursor may no longer be kept (they are kept {retention.TotalDays:0.#} days)"
            + (oldestTime is { } t ? $"; the oldest kept is from {t:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "")
            + ". Start again with an empty after_cursor (the oldest kept event), or resynchronise from the lists.")
        {
            Metadata = oldestTime is { } time
                ? new() { ["oldest_time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) }
                : new(),
        };

    /// <summary>Throws <see cref="DomainErrorKind.PermissionDenied"/>.</summary>
    public static DomainException Denied(string reason, string message) =>
        new(DomainErrorKind.PermissionDenied, reason, message);
}
