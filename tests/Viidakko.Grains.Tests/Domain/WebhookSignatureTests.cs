using System.Security.Cryptography;
using System.Text;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="WebhookSignature"/>: what a receiver checks to trust a delivery and refuse a replay.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"referral.proposed","id":"ev-1"}""");
    private const string Secret = "whsec_test-secret";

    private static string SignNow(string secret, byte[] body) => WebhookSignature.Sign(secret, Now.ToUnixTimeSeconds(), body);

    [Fact]
    public void The_signature_is_the_hex_hmac_of_the_time_a_dot_and_the_body()
    {
        var header = WebhookSignature.Sign(Secret, 1_700_000_000, Body);

        // Computed independently, the way a receiver in any language would.
        byte[] message = [.. "1700000000."u8, .. Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), message);
        Assert.Equal("t=1700000000,v1=" + Convert.ToHexStringLower(expected), header);
        Assert.Equal("Viidakko-Signature", WebhookSignature.HeaderName);
    }

    [Fact]
    public void A_signature_verifies_with_the_same_secret_and_body()
    {
        Assert.True(WebhookSignature.Verify(Secret, SignNow(Secret, Body), Body, Now, Tolerance));
        Assert.True(WebhookSignature.Verify(Secret, SignNow(Secret, []), [], Now, Tolerance));
    }

    [Fact]
    public void A_changed_body_or_another_secret_does_not_verify()
    {
        var header = SignNow(Secret, Body);
        var tampered = Body.ToArray();
        tampered[^2] ^= 1;

        Assert.False(WebhookSignature.Verify(Secret, header, tampered, Now, Tolerance));
        Assert.False(WebhookSignature.Verify(Secret, header, Body.AsSpan(0, Body.Length - 1), Now, Tolerance));
        Assert.False(WebhookSignature.Verify("whsec_other", header, Body, Now, Tolerance));
    }

    [Fact]
    public void A_signature_from_outside_the_tolerance_is_a_replay()
    {
        var t = Now.ToUnixTimeSeconds();
        Assert.True(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, t - 300, Body), Body, Now, Tolerance));
        Assert.True(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, t + 300, Body), Body, Now, Tolerance));
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, t - 301, Body), Body, Now, Tolerance));
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, t + 301, Body), Body, Now, Tolerance));
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, long.MaxValue, Body), Body, Now, Tolerance));

        // Moving the time forward without re-signing breaks the signature.
        var replayed = WebhookSignature.Sign(Secret, t - 3600, Body).Replace($"t={t - 3600}", $"t={t}");
        Assert.False(WebhookSignature.Verify(Secret, replayed, Body, Now, Tolerance));
    }

    [Fact]
    public void Any_of_several_v1_values_may_match_and_other_fields_are_ignored()
    {
        // During a rotation the hub signs with both secrets; a receiver holding either accepts.
        var t = Now.ToUnixTimeSeconds();
        var oldV1 = WebhookSignature.Sign("whsec_old", t, Body).Split(",v1=")[1];
        var newV1 = WebhookSignature.Sign("whsec_new", t, Body).Split(",v1=")[1];
        var header = $"t={t}, v0=ignored, v1={oldV1},v1={newV1},scheme=future";

        Assert.True(WebhookSignature.Verify("whsec_old", header, Body, Now, Tolerance));
        Assert.True(WebhookSignature.Verify("whsec_new", header, Body, Now, Tolerance));
        Assert.False(WebhookSignature.Verify("whsec_third", header, Body, Now, Tolerance));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1={sig}")]
    [InlineData("t={t},t={t},v1={sig}")]
    [InlineData("t=-{t},v1={sig}")]
    [InlineData("t={t}x,v1={sig}")]
    [InlineData("t={t}")]
    [InlineData("t={t},v1=")]
    [InlineData("t={t},v1={sig}00")]
    [InlineData("t={t},v1=zz{sig}")]
    [InlineData("t={t},v2={sig}")]
    public void A_malformed_header_does_not_verify(string template)
    {
        var t = Now.ToUnixTimeSeconds();
        var sig = SignNow(Secret, Body).Split(",v1=")[1];
        var header = template.Replace("{t}", t.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{sig}", sig);

        Assert.False(WebhookSignature.Verify(Secret, header, Body, Now, Tolerance));
    }

    [Fact]
    public void A_new_secret_is_32_random_bytes_in_unpadded_base64url()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.NotEqual(a, b);
        Assert.StartsWith("whsec_", a);
        Assert.Equal(6 + 43, a.Length);
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", a);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(a.AsSpan(6)).Length);
    }
}
