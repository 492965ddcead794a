namespace Viidakko.Gateway.Hosting;

/// <summary>
/// Settings of the gRPC gateway, from the section <c>Viidakko</c> of configuration or their
/// <c>VIIDAKKO_*</c> environment variables (which win).
/// </summary>
public sealed class ApiGatewayOptions
{
    /// <summary>The gRPC listen address, HTTP/2 without TLS (h2c). <c>VIIDAKKO_LISTEN</c>.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:5000";

    /// <summary>
    /// The HTTP/JSON listen address (HTTP/1.1): every RPC at its `google.api.http` path,
    /// and the OpenAPI document at <c>/openapi/v1.json</c>. <c>VIIDAKKO_HTTP_LISTEN</c>; empty: none.
    /// </summary>
    public string HttpListen { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The operator key. The embedded hub generates one into its data directory when it is not set;
    /// a cluster's gateways must all be given the same one. <c>VIIDAKKO_ADMIN_KEY</c>.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// How often an event watch with nothing new sends a heartbeat (and re-checks the caller's key),
    /// in seconds. <c>VIIDAKKO_EVENT_HEARTBEAT_SECONDS</c>; 15 by default, 1 to 25 (an Orleans call times out after 30 s).
    /// </summary>
    public int EventHeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// What one firm (its key and its signed-in people together) may spend per second, in cost units
    /// (a read 1, a list 2, a change 3, an overlap question 5, a match 10; see <c>MethodCosts</c>),
    /// with a burst of twice that. <c>VIIDAKKO_FIRM_RATE_LIMIT</c>; 1,000 by default; 0: no limit.
    /// </summary>
    public int FirmRateLimit { get; set; } = 1000;

    /// <summary>
    /// What all firms of one network may spend together per second, in the same units (burst twice
    /// that). <c>VIIDAKKO_NETWORK_RATE_LIMIT</c>; 0 (the default): no limit.
    /// </summary>
    public int NetworkRateLimit { get; set; }

    /// <summary>Event watches one firm may hold open on one gateway. <c>VIIDAKKO_MAX_WATCHES_PER_FIRM</c>; 10 by default.</summary>
    public int MaxWatchesPerFirm { get; set; } = 10;

    /// <summary><see cref="EventHeartbeatSeconds"/> as a time span.</summary>
    public TimeSpan EventHeartbeat => TimeSpan.FromSeconds(EventHeartbeatSeconds);
}
