using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// Webhooks over a real channel and real HTTP: a member registers a receiver on 127.0.0.1, and the
/// hub POSTs the firm's events to it, signed as the README says, retried while it fails, listed with
/// their status codes, redelivered on request; targets at the hub itself or at metadata addresses are refused.
/// </summary>
public sealed class WebhookTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Pair(FirmApi Referrer, FirmApi Receiver);

    private async Task<Pair> PartnersAsync(string prefix)
    {
        var networkId = await _hub.NewNetworkAsync(prefix);
        var referrer = await _hub.RegisterAsync(networkId, "lahettaja");
        var receiver = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "4444444-4");
        return new Pair(referrer, receiver);
    }

    private static Task<CreateWebhookResponse> RegisterAsync(FirmApi firm, string url, params EventType[] types)
    {
        var webhook = new Webhook { Url = url, Description = "CRM sync" };
        webhook.EventTypes.AddRange(types);
        return firm.Webhooks.CreateWebhookAsync(new CreateWebhookRequest { Parent = firm.Name, Webhook = webhook }).ResponseAsync;
    }

    /// <summary>The receiver's check, written from the README: HMAC-SHA256 of "t." and the body, keyed with the secret.</summary>
    private static long VerifySignature(ReceivedWebhook hook, string secret)
    {
        var fields = hook.Headers["Viidakko-Signature"].Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        var t = long.Parse(fields["t"]);
        var signed = Encoding.UTF8.GetBytes($"{t}.").Concat(hook.Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal(expected, fields["v1"]);
        return t;
    }

    private static Event EventOf(ReceivedWebhook hook)
    {
        using var json = JsonDocument.Parse(hook.Body);
        // The event is the feed's Event in proto3 JSON: the same parser reads both.
        return JsonParser.Default.Parse<Event>(json.RootElement.GetProperty("event").GetRawText());
    }

    [Fact]
    public async Task A_registered_receiver_gets_each_new_event_signed_in_order_as_the_feed_has_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var p = await PartnersAsync("webhook-flow");
        var created = await RegisterAsync(p.Receiver, receiver.Url);
        Assert.StartsWith("whsec_", created.Secret);
        Assert.StartsWith($"{p.Receiver.Name}/webhooks/", created.Webhook.Name);

        var referral = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        await p.Receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });

        var received = new[] { await receiver.NextAsync(), await receiver.NextAsync() };
        var events = received.Select(EventOf).ToList();
        // Only what happened after the registration (the partnership's events came before it).
        Assert.Equal([EventType.ReferralReceived, EventType.ReferralAccepted], events.Select(e => e.Type));
        var feed = await p.Receiver.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Receiver.Name, AfterPosition = events[0].Position - 1 });
        Assert.Equal(feed.Events, events);
        foreach (var hook in received)
        {
            var t = VerifySignature(hook, created.Secret);
            Assert.InRange(t, fixture.Clock.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds(), fixture.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds());
            Assert.Equal(EventOf(hook).Name, hook.Headers["Viidakko-Event"]);
            Assert.Equal("1", hook.Headers["Viidakko-Attempt"]);
            Assert.StartsWith("application/json", hook.Headers["Content-Type"]);
        }

        // A body changed on the way no longer verifies.
        var tampered = received[0] with { Body = [.. received[0].Body.Take(received[0].Body.Length - 1), (byte)' '] };
        Assert.ThrowsAny<Exception>(() => VerifySignature(tampered, created.Secret));

        var deliveries = await PollDeliveriesAsync(p.Receiver, created.Webhook.Name, d => d.Count == 2 && d.All(x => x.State == WebhookDeliveryState.Delivered));
        Assert.All(deliveries, d => Assert.Equal((1, 200), (d.Attempts, d.LastStatusCode)));
    }

    [Fact]
    public async Task A_receiver_that_fails_is_retried_with_backoff_then_delivered_and_can_ask_for_a_redelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        var p = await PartnersAsync("webhook-retry");
        var created = await RegisterAsync(p.Referrer, receiver.Url, EventType.ReferralSent);
        await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");

        var first = await receiver.NextAsync();
        Assert.Equal("1", first.Headers["Viidakko-Attempt"]);
        var pending = (await PollDeliveriesAsync(p.Referrer, created.Webhook.Name, d => d.Count == 1 && d[0].LastStatusCode == 503))[0];
        Assert.Equal((WebhookDeliveryState.Pending, 1), (pending.State, pending.Attempts));
        // The next attempt waits about 30 s (with jitter); nothing comes before that.
        Assert.InRange((pending.NextAttemptTime.ToDateTime() - pending.LastAttemptTime.ToDateTime()).TotalSeconds, 20, 40);
        Assert.False(await receiver.AnyWithinAsync(TimeSpan.FromSeconds(2)));

        receiver.Status = 200;
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await receiver.NextAsync();
        Assert.Equal("2", second.Headers["Viidakko-Attempt"]);
        Assert.Equal(EventOf(first), EventOf(second));
        var delivered = (await PollDeliveriesAsync(p.Referrer, created.Webhook.Name, d => d[0].State == WebhookDeliveryState.Delivered))[0];
        Assert.Equal((2, 200), (delivered.Attempts, delivered.LastStatusCode));

        var again = await p.Referrer.Webhooks.RedeliverWebhookDeliveryAsync(new RedeliverWebhookDeliveryRequest { Name = delivered.Name });
        Assert.Equal(WebhookDeliveryState.Pending, again.State);
        var third = await receiver.NextAsync();
        Assert.Equal(("3", EventOf(first)), (third.Headers["Viidakko-Attempt"], EventOf(third)));
    }

    [Fact]
    public async Task A_receiver_only_gets_the_event_types_it_asked_for()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var p = await PartnersAsync("webhook-types");
        await RegisterAsync(p.Receiver, receiver.Url, EventType.ReferralAccepted);
        var referral = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        await p.Receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        Assert.Equal(EventType.ReferralAccepted, EventOf(await receiver.NextAsync()).Type);
        Assert.False(await receiver.AnyWithinAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Targets_at_the_hub_itself_or_at_metadata_addresses_are_refused_and_bad_urls_named()
    {
        var p = await PartnersAsync("webhook-targets");
        foreach (var url in new[] { $"{_hub.Address}/viidakko.v1.HubService/Ping", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook" })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync(p.Referrer, url));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Equal("WEBHOOK_TARGET_NOT_ALLOWED", Rpc.Reason(e));
        }

        foreach (var url in new[] { "ftp://example.com/hook", "https://user:pw@example.com/hook", "not a url", "" })
        {
            var webhook = new Webhook { Url = url };
            await Rpc.Invalid(() => p.Referrer.Webhooks.CreateWebhookAsync(new CreateWebhookRequest { Parent = p.Referrer.Name, Webhook = webhook }), "webhook.url");
        }

        var listed = await p.Referrer.Webhooks.ListWebhooksAsync(new ListWebhooksRequest { Parent = p.Referrer.Name });
        Assert.Empty(listed.Webhooks);
    }

    [Fact]
    public async Task A_firm_sees_and_changes_only_its_own_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var p = await PartnersAsync("webhook-private");
        var created = await RegisterAsync(p.Referrer, receiver.Url);

        var list = await Assert.ThrowsAsync<RpcException>(() => p.Receiver.Webhooks.ListWebhooksAsync(new ListWebhooksRequest { Parent = p.Referrer.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        var deliveries = await Assert.ThrowsAsync<RpcException>(() => p.Receiver.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = created.Webhook.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, deliveries.StatusCode);
        var delete = await Assert.ThrowsAsync<RpcException>(() => p.Receiver.Webhooks.DeleteWebhookAsync(new DeleteWebhookRequest { Name = created.Webhook.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, delete.StatusCode);
        // Its own name with another firm's endpoint id finds nothing.
        var guess = created.Webhook.Name.Replace(p.Referrer.Name, p.Receiver.Name);
        var get = await Assert.ThrowsAsync<RpcException>(() => p.Receiver.Webhooks.GetWebhookAsync(new GetWebhookRequest { Name = guess }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);

        await p.Referrer.Webhooks.DeleteWebhookAsync(new DeleteWebhookRequest { Name = created.Webhook.Name });
        Assert.Empty((await p.Referrer.Webhooks.ListWebhooksAsync(new ListWebhooksRequest { Parent = p.Referrer.Name })).Webhooks);
        await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        Assert.False(await receiver.AnyWithinAsync(TimeSpan.FromSeconds(2)));
    }

    private static async Task<List<Api.V1.WebhookDelivery>> PollDeliveriesAsync(FirmApi firm, string webhook, Func<List<Api.V1.WebhookDelivery>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var list = (await firm.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = webhook })).Deliveries.ToList();
            if ((list.Count > 0 && done(list)) || DateTime.UtcNow > deadline)
            {
                Assert.True(list.Count > 0 && done(list), $"deliveries never got there: {string.Join("; ", list)}");
                return list;
            }

            await Task.Delay(100);
        }
    }
}
