using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="WebhookSender"/> against a real HTTP receiver on 127.0.0.1: answers are reported,
/// failures come back as short errors, and forbidden targets are refused before any connection.
/// </summary>
public sealed class WebhookSenderTests
{
    private static readonly WebhookTargetPolicy Private = WebhookTargetPolicy.Strict with { AllowPrivateTargets = true };
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"referral.proposed","id":"ev-1"}""");
    private static readonly Dictionary<string, string> NoHeaders = [];

    [Fact]
    public async Task A_2xx_answer_is_a_success_and_the_receiver_gets_a_signed_json_post()
    {
        await using var receiver = Receiver.Answering(200, "thanks");
        using var sender = new WebhookSender(Private);
        var secret = WebhookSignature.NewSecret();
        var now = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.HeaderName] = WebhookSignature.Sign(secret, now.ToUnixTimeSeconds(), Body),
            ["Viidakko-Event-Id"] = "ev-1",
        };

        var attempt = await sender.PostAsync(receiver.Url("/hooks/in?agency=7"), Body, headers, CancellationToken.None);

        Assert.Equal(new WebhookAttempt(200, null, attempt.Duration), attempt);
        Assert.True(attempt.Succeeded);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST /hooks/in?agency=7 HTTP/1.1", request.RequestLine);
        Assert.Equal("application/json", request.Headers["content-type"]);
        Assert.Equal("Viidakko-Webhooks/1", request.Headers["user-agent"]);
        Assert.Equal("ev-1", request.Headers["viidakko-event-id"]);
        Assert.Equal(Body, request.Body);
        Assert.True(WebhookSignature.Verify(secret, request.Headers["viidakko-signature"], request.Body, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_500_answer_is_reported_and_is_not_a_success()
    {
        await using var receiver = Receiver.Answering(500, "oops");
        using var sender = new WebhookSender(Private);

        var attempt = await sender.PostAsync(receiver.Url("/"), Body, NoHeaders, CancellationToken.None);

        Assert.Equal(500, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.False(attempt.Succeeded);
    }

    [Fact]
    public async Task A_redirect_is_reported_and_not_followed()
    {
        await using var receiver = Receiver.Answering(302, "", "Location: /elsewhere\r\n");
        using var sender = new WebhookSender(Private);

        var attempt = await sender.PostAsync(receiver.Url("/"), Body, NoHeaders, CancellationToken.None);

        Assert.Equal(302, attempt.StatusCode);
        Assert.False(attempt.Succeeded);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out()
    {
        await using var receiver = Receiver.Silent();
        using var sender = new WebhookSender(Private, TimeSpan.FromSeconds(1));

        var attempt = await sender.PostAsync(receiver.Url("/"), Body, NoHeaders, CancellationToken.None);

        Assert.Null(attempt.StatusCode);
        Assert.Equal("timed out after 1 s", attempt.Error);
        Assert.False(attempt.Succeeded);
        Assert.InRange(attempt.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelling_the_callers_token_throws()
    {
        await using var receiver = Receiver.Silent();
        using var sender = new WebhookSender(Private, TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.PostAsync(receiver.Url("/"), Body, NoHeaders, cancel.Token));
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var sender = new WebhookSender(Private);

        var attempt = await sender.PostAsync(new Uri($"http://127.0.0.1:{port}/"), Body, NoHeaders, CancellationToken.None);

        Assert.Equal(new WebhookAttempt(null, "connection refused", attempt.Duration), attempt);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::1]")]
    [InlineData("2130706433")]
    public async Task The_strict_policy_refuses_loopback_before_connecting(string host)
    {
        await using var receiver = Receiver.NotAccepting();
        using var sender = new WebhookSender(WebhookTargetPolicy.Strict);

        var attempt = await sender.PostAsync(new Uri($"http://{host}:{receiver.Port}/"), Body, NoHeaders, CancellationToken.None);

        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("target address not allowed: ", attempt.Error);
        Assert.Contains("loopback", attempt.Error);
        Assert.False(receiver.SawConnection);
    }

    [Fact]
    public async Task The_hubs_own_endpoint_is_refused_even_when_private_targets_are_allowed()
    {
        await using var receiver = Receiver.NotAccepting();
        var policy = Private with { HubEndpoints = new[] { new IPEndPoint(IPAddress.Any, receiver.Port) }.ToFrozenSet() };
        using var sender = new WebhookSender(policy);

        var attempt = await sender.PostAsync(receiver.Url("/"), Body, NoHeaders, CancellationToken.None);

        Assert.StartsWith("target address not allowed: ", attempt.Error);
        Assert.Contains("hub's own endpoint", attempt.Error);
        Assert.False(receiver.SawConnection);
    }

    [Fact]
    public async Task A_header_that_could_split_the_request_is_refused_before_sending()
    {
        await using var receiver = Receiver.NotAccepting();
        using var sender = new WebhookSender(Private);

        await Assert.ThrowsAsync<ArgumentException>(() => sender.PostAsync(
            receiver.Url("/"), Body, new Dictionary<string, string> { ["X-Note"] = "a\r\nX-Injected: 1" }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => sender.PostAsync(
            receiver.Url("/"), Body, new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, CancellationToken.None));
        Assert.False(receiver.SawConnection);
    }

    [Fact]
    public async Task Registration_refuses_a_host_that_resolves_only_to_forbidden_addresses()
    {
        using var strict = new WebhookSender(WebhookTargetPolicy.Strict);
        using var lenient = new WebhookSender(Private);

        var problem = Assert.Single(await strict.CheckTargetAsync(new Uri("http://localhost:8080/in"), CancellationToken.None));
        Assert.StartsWith("target address not allowed: ", problem);
        Assert.Empty(await lenient.CheckTargetAsync(new Uri("http://localhost:8080/in"), CancellationToken.None));
        Assert.Single(await strict.CheckTargetAsync(new Uri("http://[fd00:ec2::254]/latest/meta-data"), CancellationToken.None));
        Assert.Empty(await strict.CheckTargetAsync(new Uri("https://8.8.8.8/in"), CancellationToken.None));
        Assert.Equal(["the scheme must be http or https"], await strict.CheckTargetAsync(new Uri("ftp://8.8.8.8/in"), CancellationToken.None));
    }

    [Fact]
    public async Task Registration_refuses_a_host_that_does_not_resolve()
    {
        using var sender = new WebhookSender(WebhookTargetPolicy.Strict, TimeSpan.FromSeconds(5));

        var problem = Assert.Single(await sender.CheckTargetAsync(new Uri("https://no-such-host.invalid/in"), CancellationToken.None));

        Assert.True(problem is "the host name could not be resolved" or "resolving the host name timed out after 5 s", problem);
    }

    /// <summary>What the receiver read: the request line, headers by lowercase name, and the body.</summary>
    private sealed record ReceivedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 that answers every request the same way, or never
    /// answers, or never even accepts (so a connection attempt shows up as a pending one).
    /// </summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly byte[]? _response;
        private readonly Task _accepting;
        private int _connections;

        private Receiver(bool accept, byte[]? response)
        {
            _response = response;
            _listener.Start();
            _accepting = accept ? AcceptAsync() : Task.CompletedTask;
        }

        public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Whether anything connected: the kernel completes a TCP handshake before accept, so an unaccepted one is pending.</summary>
        public bool SawConnection => Volatile.Read(ref _connections) > 0 || _listener.Pending();

        public static Receiver Answering(int status, string body, string extraHeaders = "")
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} Status\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n{extraHeaders}\r\n";
            return new Receiver(accept: true, [.. Encoding.ASCII.GetBytes(head), .. bytes]);
        }

        public static Receiver Silent() => new(accept: true, response: null);

        public static Receiver NotAccepting() => new(accept: false, response: null);

        public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            var serving = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    serving.Add(ServeAsync(client));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }

            await Task.WhenAll(serving);
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var _ = client;
            try
            {
                var stream = client.GetStream();
                var received = new List<byte>();
                var buffer = new byte[4096];
                int headEnd;
                while ((headEnd = IndexOfHeadEnd(received)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                var lines = Encoding.ASCII.GetString([.. received.Take(headEnd)]).Split("\r\n");
                var headers = lines.Skip(1)
                    .Select(line => line.Split(':', 2))
                    .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
                var length = int.Parse(headers.GetValueOrDefault("content-length", "0"), System.Globalization.CultureInfo.InvariantCulture);
                while (received.Count < headEnd + 4 + length)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                Requests.Enqueue(new ReceivedRequest(lines[0], headers, [.. received.Skip(headEnd + 4).Take(length)]));
                if (_response is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                else
                {
                    await stream.WriteAsync(_response, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The sender gave up or the test ended.
            }
        }

        private static int IndexOfHeadEnd(List<byte> received)
        {
            for (var i = 0; i + 3 < received.Count; i++)
            {
                if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
