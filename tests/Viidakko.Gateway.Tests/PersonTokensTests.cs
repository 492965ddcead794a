using Viidakko.Gateway.Auth;

namespace Viidakko.Gateway.Tests;

public sealed class PersonTokensTests
{
    [Fact]
    public void A_token_names_its_account_and_kind_and_is_random()
    {
        var session = PersonTokens.New(PersonTokens.Session, "jari@rumpu.example");
        Assert.StartsWith("vs1.", session, StringComparison.Ordinal);
        Assert.True(PersonTokens.TryReadAccount(PersonTokens.Session, session, out var account));
        Assert.Equal("jari@rumpu.example", account);
        Assert.False(PersonTokens.TryReadAccount(PersonTokens.Invitation, session, out _));
        Assert.NotEqual(session, PersonTokens.New(PersonTokens.Session, "jari@rumpu.example"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("vs1")]
    [InlineData("vs1.amFyaUBydW1wdS5maQ.short")]
    [InlineData("vs1.!!!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("vk1.turku.rumpu.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_not_a_session(string? token) =>
        Assert.False(PersonTokens.TryReadAccount(PersonTokens.Session, token, out _));

    [Fact]
    public void An_account_key_is_the_address_in_lower_case() =>
        Assert.Equal("jari@rumpu.example", PersonTokens.AccountKey("  Jari@Rumpu.EXAMPLE "));

    [Fact]
    public void A_token_with_an_account_part_in_upper_case_is_refused()
    {
        // Two spellings must never reach two account grains.
        var token = $"vs1.{System.Buffers.Text.Base64Url.EncodeToString("Jari@rumpu.example"u8)}.{new string('A', 43)}";
        Assert.False(PersonTokens.TryReadAccount(PersonTokens.Session, token, out _));
    }
}
