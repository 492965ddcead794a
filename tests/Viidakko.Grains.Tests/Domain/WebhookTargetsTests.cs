using System.Collections.Frozen;
using System.Net;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="WebhookTargets"/>: which URLs a firm may register and which addresses the hub will
/// connect to, so a webhook cannot reach the hub itself, its private network or a metadata service.
/// </summary>
public sealed class WebhookTargetsTests
{
    private static readonly WebhookTargetPolicy Private = WebhookTargetPolicy.Strict with { AllowPrivateTargets = true };
    private static readonly WebhookTargetPolicy LinkLocal = WebhookTargetPolicy.Strict with { AllowLinkLocalTargets = true };

    private static bool Forbidden(string address, WebhookTargetPolicy policy) =>
        WebhookTargets.IsForbidden(IPAddress.Parse(address), policy, out _);

    [Theory]
    // Public addresses are fine under every policy.
    [InlineData("8.8.8.8", false, false, false)]
    [InlineData("1.1.1.1", false, false, false)]
    [InlineData("93.184.216.34", false, false, false)]
    [InlineData("172.15.255.255", false, false, false)]
    [InlineData("172.32.0.1", false, false, false)]
    [InlineData("100.63.255.255", false, false, false)]
    [InlineData("100.128.0.1", false, false, false)]
    [InlineData("169.253.1.1", false, false, false)]
    [InlineData("2606:4700:4700::1111", false, false, false)]
    [InlineData("::ffff:8.8.8.8", false, false, false)]
    [InlineData("64:ff9b::808:808", false, false, false)]
    // Loopback and private: only with AllowPrivateTargets.
    [InlineData("127.0.0.1", true, false, true)]
    [InlineData("127.255.255.254", true, false, true)]
    [InlineData("::1", true, false, true)]
    [InlineData("::ffff:127.0.0.1", true, false, true)]
    [InlineData("::127.0.0.1", true, false, true)]
    [InlineData("64:ff9b::7f00:1", true, false, true)]
    [InlineData("10.0.0.1", true, false, true)]
    [InlineData("10.255.255.255", true, false, true)]
    [InlineData("172.16.0.1", true, false, true)]
    [InlineData("172.31.255.255", true, false, true)]
    [InlineData("192.168.1.10", true, false, true)]
    [InlineData("::ffff:192.168.1.10", true, false, true)]
    [InlineData("100.64.0.1", true, false, true)]
    [InlineData("100.127.255.255", true, false, true)]
    [InlineData("198.18.0.1", true, false, true)]
    [InlineData("fc00::1", true, false, true)]
    [InlineData("fd12:3456:789a::1", true, false, true)]
    [InlineData("fec0::1", true, false, true)]
    // Link-local and metadata services: only with AllowLinkLocalTargets, never with AllowPrivateTargets alone.
    [InlineData("169.254.169.254", true, true, false)]
    [InlineData("::ffff:169.254.169.254", true, true, false)]
    [InlineData("::ffff:a9fe:a9fe", true, true, false)]
    [InlineData("169.254.0.1", true, true, false)]
    [InlineData("fe80::1", true, true, false)]
    [InlineData("fe80::1%2", true, true, false)]
    [InlineData("febf:ffff::1", true, true, false)]
    [InlineData("fd00:ec2::254", true, true, false)]
    [InlineData("100.100.100.200", true, true, false)]
    [InlineData("192.0.0.192", true, true, false)]
    // Never: unspecified, multicast, broadcast and reserved.
    [InlineData("0.0.0.0", true, true, true)]
    [InlineData("0.1.2.3", true, true, true)]
    [InlineData("::", true, true, true)]
    [InlineData("::ffff:0.0.0.0", true, true, true)]
    [InlineData("224.0.0.1", true, true, true)]
    [InlineData("239.255.255.250", true, true, true)]
    [InlineData("ff02::1", true, true, true)]
    [InlineData("255.255.255.255", true, true, true)]
    [InlineData("240.0.0.1", true, true, true)]
    public void Addresses_are_judged_by_range(string address, bool strict, bool withPrivate, bool withLinkLocal)
    {
        Assert.Equal(strict, Forbidden(address, WebhookTargetPolicy.Strict));
        Assert.Equal(withPrivate, Forbidden(address, Private));
        Assert.Equal(withLinkLocal, Forbidden(address, LinkLocal));
    }

    [Fact]
    public void The_reason_names_the_kind_of_address()
    {
        Assert.True(WebhookTargets.IsForbidden(IPAddress.Parse("127.0.0.1"), WebhookTargetPolicy.Strict, out var why));
        Assert.Equal("127.0.0.1 is a loopback address", why);
        Assert.True(WebhookTargets.IsForbidden(IPAddress.Parse("::ffff:169.254.169.254"), Private, out why));
        Assert.Contains("metadata", why);
        Assert.True(WebhookTargets.IsForbidden(IPAddress.Parse("10.1.2.3"), WebhookTargetPolicy.Strict, out why));
        Assert.Contains("private", why);
        Assert.False(WebhookTargets.IsForbidden(IPAddress.Parse("8.8.8.8"), WebhookTargetPolicy.Strict, out why));
        Assert.Equal("", why);
    }

    [Fact]
    public void The_hubs_own_addresses_are_forbidden_under_every_policy()
    {
        var everything = new WebhookTargetPolicy
        {
            AllowPrivateTargets = true,
            AllowLinkLocalTargets = true,
            HubAddresses = new[] { IPAddress.Parse("203.0.113.7"), IPAddress.Parse("10.0.0.5") }.ToFrozenSet(),
        };

        Assert.True(WebhookTargets.IsForbidden(IPAddress.Parse("203.0.113.7"), everything, out var why));
        Assert.Contains("hub", why);
        Assert.True(Forbidden("::ffff:203.0.113.7", everything));
        Assert.True(Forbidden("10.0.0.5", everything));
        Assert.False(Forbidden("203.0.113.8", everything));
        Assert.False(Forbidden("10.0.0.6", everything));
    }

    [Fact]
    public void The_hubs_own_endpoint_is_forbidden_even_when_private_targets_are_allowed()
    {
        var policy = Private with { HubEndpoints = new[] { new IPEndPoint(IPAddress.Loopback, 5000) }.ToFrozenSet() };

        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Loopback, 5000), policy, out var why));
        Assert.Equal("127.0.0.1:5000 is the hub's own endpoint", why);
        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 5000), policy, out _));
        Assert.False(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Loopback, 5001), policy, out _));
        Assert.False(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Parse("10.0.0.9"), 5000), policy, out _));
        // Without the allowance loopback is refused anyway, on any port.
        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Loopback, 5001), WebhookTargetPolicy.Strict, out _));
    }

    [Fact]
    public void A_hub_listening_on_every_address_is_its_port_on_loopback_and_its_own_addresses()
    {
        var policy = Private with
        {
            HubEndpoints = new[] { new IPEndPoint(IPAddress.IPv6Any, 5000) }.ToFrozenSet(),
            HubAddresses = new[] { IPAddress.Parse("10.0.0.5") }.ToFrozenSet(),
        };

        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Loopback, 5000), policy, out _));
        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5000), policy, out _));
        Assert.True(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.IPv6Loopback, 5000), policy, out _));
        Assert.False(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Loopback, 5001), policy, out _));
        Assert.False(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 5000), policy, out _));
        Assert.False(WebhookTargets.IsForbidden(new IPEndPoint(IPAddress.Parse("8.8.8.8"), 5000), policy, out _));
    }

    [Fact]
    public void The_strict_policy_allows_nothing_extra()
    {
        Assert.False(WebhookTargetPolicy.Strict.AllowPrivateTargets);
        Assert.False(WebhookTargetPolicy.Strict.AllowLinkLocalTargets);
        Assert.Empty(WebhookTargetPolicy.Strict.HubAddresses);
        Assert.Empty(WebhookTargetPolicy.Strict.HubEndpoints);
    }

    [Theory]
    [InlineData("https://hooks.example.com/viidakko")]
    [InlineData("http://hooks.example.com:8080/in?agency=7")]
    [InlineData("https://[2001:db8::1]/hook")]
    [InlineData("https://127.0.0.1:65535/hook")]
    [InlineData("HTTPS://Hooks.Example.com")]
    public void Well_formed_http_urls_pass(string url) => Assert.Empty(WebhookTargets.CheckUrl(url));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("hooks.example.com/in", "not an absolute URL")]
    [InlineData("http:///in", "not an absolute URL")]
    [InlineData("ftp://hooks.example.com/in", "http or https")]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("javascript:alert(1)", "http or https")]
    [InlineData("https://user:secret@hooks.example.com/in", "credentials")]
    [InlineData("https://token@hooks.example.com/in", "credentials")]
    [InlineData("https://@hooks.example.com/in", "credentials")]
    [InlineData("https://hooks.example.com/in#part", "fragment")]
    [InlineData("https://hooks.example.com/in#", "fragment")]
    [InlineData("https://hooks.example.com:0/in", "port")]
    [InlineData("https://hooks.example.com:65536/in", "port")]
    [InlineData("https://hooks.example.com:99999999999/in", "port")]
    [InlineData("https://hooks.exa mple.com/in", "spaces")]
    [InlineData("https://hooks.example.com/in\n", "control")]
    public void Malformed_urls_are_refused_with_a_reason(string url, string expected)
    {
        var problems = WebhookTargets.CheckUrl(url);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_url_longer_than_2048_characters_is_refused()
    {
        const string start = "https://hooks.example.com/";
        Assert.Empty(WebhookTargets.CheckUrl(start + new string('a', 2048 - start.Length)));
        Assert.Equal(["the URL is longer than 2048 characters"], WebhookTargets.CheckUrl(start + new string('a', 2049 - start.Length)));
    }
}
