namespace Viidakko;

/// <summary>
/// Every reason code the hub puts into <c>google.rpc.ErrorInfo.reason</c>: stable UPPER_SNAKE_CASE
/// strings callers may rely on. Each one is listed in the README's error table (a test checks it).
/// </summary>
public static class Reasons
{
    // INVALID_ARGUMENT
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string RequestIdReused = "REQUEST_ID_REUSED";
    public const string MalformedRequest = "MALFORMED_REQUEST";

    // UNAUTHENTICATED, PERMISSION_DENIED
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string NotYourResource = "NOT_YOUR_RESOURCE";
    public const string OtherNetwork = "OTHER_NETWORK";
    public const string WrongRole = "WRONG_ROLE";
    public const string FirmSuspended = "FIRM_SUSPENDED";
    /// <summary>E-mail and password do not match an account (which of the two is wrong is not said).</summary>
    public const string WrongCredentials = "WRONG_CREDENTIALS";
    /// <summary>A signed-in page's call came without the session's CSRF token.</summary>
    public const string CsrfTokenInvalid = "CSRF_TOKEN_INVALID";

    // NOT_FOUND
    public const string NotFound = "NOT_FOUND";
    public const string NetworkMissing = "NETWORK_NOT_FOUND";

    // ALREADY_EXISTS
    public const string NetworkExists = "NETWORK_EXISTS";
    public const string FirmExists = "FIRM_EXISTS";
    public const string ClientExists = "CLIENT_EXISTS";
    public const string DuplicateClient = "DUPLICATE_CLIENT";
    public const string PartnershipExists = "PARTNERSHIP_EXISTS";
    public const string FeedbackExists = "FEEDBACK_EXISTS";
    /// <summary>The e-mail address already has an account of another firm (or of the other kind).</summary>
    public const string AccountExists = "ACCOUNT_EXISTS";

    // FAILED_PRECONDITION
    public const string IllegalTransition = "ILLEGAL_TRANSITION";
    public const string ClientKept = "CLIENT_KEPT";
    public const string ClientUnderCustody = "CLIENT_UNDER_CUSTODY";
    public const string ClientBeingReferred = "CLIENT_BEING_REFERRED";
    public const string NotPartners = "NOT_PARTNERS";
    public const string OutOfScope = "OUT_OF_PARTNERSHIP_SCOPE";
    public const string ProposalPending = "PARTNERSHIP_PROPOSAL_PENDING";
    public const string FeeAlreadyPaid = "FEE_ALREADY_PAID";
    /// <summary>An invitation token that is unknown, used already, replaced by a newer one, or expired.</summary>
    public const string InvitationInvalid = "INVITATION_INVALID";

    // RESOURCE_EXHAUSTED
    public const string OverlapQuotaExceeded = "OVERLAP_QUOTA_EXCEEDED";
    /// <summary>Too many wrong passwords in a row: the account is locked for a while (RetryInfo says how long).</summary>
    public const string AccountLocked = "ACCOUNT_LOCKED";
    /// <summary>The firm (or its network) spent its rate limit; RetryInfo says when to try again.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>The firm holds as many event watches open on this gateway as it may.</summary>
    public const string TooManyWatches = "TOO_MANY_WATCHES";
    /// <summary>The firm opened as many referrals (or made as many partnership proposals) today as its network allows.</summary>
    public const string FlowQuotaExceeded = "FLOW_QUOTA_EXCEEDED";

    // OUT_OF_RANGE
    public const string CursorExpired = "CURSOR_EXPIRED";

    // Transient: ABORTED, UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED; and INTERNAL
    public const string ConcurrentUpdate = "CONCURRENT_UPDATE";
    /// <summary>A firm has as many webhook endpoints as it may.</summary>
    public const string TooManyWebhooks = "TOO_MANY_WEBHOOKS";
    /// <summary>A webhook URL points where the hub does not send (itself, link-local or metadata addresses, private networks unless allowed).</summary>
    public const string WebhookTargetNotAllowed = "WEBHOOK_TARGET_NOT_ALLOWED";
    public const string Unavailable = "UNAVAILABLE";
    public const string Timeout = "TIMEOUT";
    public const string Cancelled = "CANCELLED";
    public const string Internal = "INTERNAL";
}
