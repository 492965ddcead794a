using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// Sends webhook requests to the endpoints firms registered, guarded against server-side request
/// forgery. Every new connection resolves the host itself and connects only to an address that
/// <see cref="WebhookTargets"/> allows, so a name that resolved to a public address at registration
/// and to 127.0.0.1 or the metadata service now (DNS rebinding) is refused at connect time. Redirects
/// are not followed (a redirect could point anywhere), no proxy is used (the check would see the
/// proxy's address, not the target's) and no cookies are kept between firms. One instance is meant
/// to live as long as the silo; it keeps a connection pool that is renewed every five minutes.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    /// <summary>How long one request may take, connecting included, unless the constructor is told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The User-Agent header of every webhook request.</summary>
    public const string UserAgent = "Viidakko-Webhooks/1";

    /// <summary>How much of a response body is read; the rest is dropped with the connection.</summary>
    public const int MaxResponseBodyBytes = 4096;

    private const string NotAllowed = "target address not allowed";

    private readonly WebhookTargetPolicy _policy;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _client;

    /// <summary>A sender with <see cref="DefaultTimeout"/> per request.</summary>
    public WebhookSender(WebhookTargetPolicy policy)
        : this(policy, DefaultTimeout)
    {
    }

    /// <summary>A sender that allows the targets <paramref name="policy"/> allows and gives each request <paramref name="timeout"/>.</summary>
    public WebhookSender(WebhookTargetPolicy policy, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromHours(1));
        _policy = policy;
        _timeout = timeout;

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // A connection attempt outlives the request that started it; without this a silent host
            // would hold a half-open socket until the operating system gives up, minutes later.
            ConnectTimeout = timeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    /// <summary>
    /// POSTs <paramref name="jsonBody"/> to <paramref name="url"/> as <c>application/json</c> with
    /// <paramref name="headers"/> added (the signature, the event id and the like), and reports what
    /// happened. Network failures, refused targets and timeouts come back as
    /// <see cref="WebhookAttempt.Error"/>, never as exceptions; only cancelling
    /// <paramref name="cancellationToken"/> throws (<see cref="OperationCanceledException"/>), and a
    /// header that cannot be sent throws <see cref="ArgumentException"/> before anything is sent.
    /// At most <see cref="MaxResponseBodyBytes"/> of the response body are read, and dropped.
    /// </summary>
    public async Task<WebhookAttempt> PostAsync(
        Uri url, byte[] jsonBody, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(jsonBody);
        ArgumentNullException.ThrowIfNull(headers);
        var started = Stopwatch.GetTimestamp();

        var urlProblems = WebhookTargets.CheckUrl(url.OriginalString);
        if (urlProblems.Count > 0)
        {
            return new WebhookAttempt(null, "invalid URL: " + urlProblems[0], Stopwatch.GetElapsedTime(started));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(jsonBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            // Without validation a line break would let a value start a header of its own.
            if (value is null || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || !request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"The header '{name}' cannot be sent with a webhook.", nameof(headers));
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _client
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            await DrainAsync(response, deadline.Token, cancellationToken).ConfigureAwait(false);
            return new WebhookAttempt((int)response.StatusCode, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (IsFailureToReport(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var error = deadline.IsCancellationRequested ? TimedOut() : Describe(e);
            return new WebhookAttempt(null, error, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// What stops <paramref name="url"/> from being a webhook target, for registration: the problems
    /// <see cref="WebhookTargets.CheckUrl"/> finds, a host that does not resolve, or one whose every
    /// address is forbidden. Empty when the URL can be used; the sender still checks the addresses
    /// again on every connection.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckTargetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var problems = WebhookTargets.CheckUrl(url.OriginalString);
        if (problems.Count > 0)
        {
            return problems;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            var (allowed, refused) = await ResolveAsync(url.IdnHost, url.Port, deadline.Token).ConfigureAwait(false);
            return allowed.Count > 0 ? [] : [$"{NotAllowed}: {refused}"];
        }
        catch (SocketException)
        {
            return ["the host name could not be resolved"];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ["resolving the host name " + TimedOut()];
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <summary>The connect step of every new connection: resolve, drop forbidden addresses, connect.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var port = context.DnsEndPoint.Port;
        var (allowed, refused) = await ResolveAsync(context.DnsEndPoint.Host, port, cancellationToken).ConfigureAwait(false);
        if (allowed.Count == 0)
        {
            throw new WebhookTargetNotAllowedException($"{NotAllowed}: {refused}");
        }

        // In the order the resolver gave, so a host with an IPv6 address the network cannot reach
        // is still reached over IPv4.
        SocketException? lastFailure = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastFailure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }

    /// <summary>
    /// The host's addresses that may be connected to on <paramref name="port"/>, and why the others
    /// may not. Throws <see cref="SocketException"/> when the name does not resolve.
    /// </summary>
    private async Task<(List<IPAddress> Allowed, string Refused)> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        // An empty name would resolve to this machine's own addresses.
        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var allowed = new List<IPAddress>();
        var refused = new List<string>();
        foreach (var address in addresses)
        {
            if (WebhookTargets.IsForbidden(new IPEndPoint(address, port), _policy, out var why))
            {
                refused.Add(why);
            }
            else
            {
                allowed.Add(address);
            }
        }

        return (allowed, string.Join("; ", refused));
    }

    /// <summary>Reads and drops up to <see cref="MaxResponseBodyBytes"/> of the body, so a short body leaves the connection reusable.</summary>
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseBodyBytes);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(deadline).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var total = 0;
                int read;
                while (total < MaxResponseBodyBytes
                    && (read = await stream.ReadAsync(buffer.AsMemory(0, MaxResponseBodyBytes - total), deadline).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
        }
        catch (Exception e) when (IsFailureToReport(e) && !cancellationToken.IsCancellationRequested)
        {
            // The status line has arrived and is what counts; a body cut short or too slow changes nothing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsFailureToReport(Exception e) =>
        e is HttpRequestException or IOException or SocketException or AuthenticationException or OperationCanceledException;

    private string TimedOut() =>
        string.Create(CultureInfo.InvariantCulture, $"timed out after {_timeout.TotalSeconds:0.###} s");

    /// <summary>A few words on why no response came back, without the exception's own text.</summary>
    private static string Describe(Exception e)
    {
        if (Find<WebhookTargetNotAllowedException>(e) is { } notAllowed)
        {
            return notAllowed.Message;
        }

        if (Find<SocketException>(e) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name could not be resolved",
                SocketError.HostUnreachable => "host unreachable",
                SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
                SocketError.TimedOut => "connection timed out",
                _ => "connection failed",
            };
        }

        if (Find<AuthenticationException>(e) is not null)
        {
            return "TLS handshake failed";
        }

        return Find<HttpRequestException>(e)?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host name could not be resolved",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "connection closed before a response",
            HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded => "invalid HTTP response",
            HttpRequestError.HttpProtocolError => "HTTP protocol error",
            _ => "connection failed",
        };
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T found)
            {
                return found;
            }
        }

        return null;
    }
}
