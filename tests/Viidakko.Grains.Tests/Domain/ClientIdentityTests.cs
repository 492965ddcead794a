using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class ClientIdentityTests
{
    [Theory]
    [InlineData("1234567-8")]
    [InlineData("12345678")]
    [InlineData(" 1234567-8 ")]
    [InlineData("1234567 8")]
    public void Business_id_formats_normalize_to_the_same_identity(string businessId)
    {
        Assert.Equal("bid:12345678", ClientIdentity.Normalize(businessId, "someone@elsewhere.fi"));
    }

    [Fact]
    public void Business_id_letters_are_case_insensitive()
    {
        Assert.Equal(ClientIdentity.Normalize("FI12345678", null), ClientIdentity.Normalize("fi1234567-8", null));
    }

    [Fact]
    public void Business_id_wins_over_email()
    {
        Assert.StartsWith("bid:", ClientIdentity.Normalize("1234567-8", "anna@firma.fi"));
    }

    [Theory]
    [InlineData("anna@firma.fi")]
    [InlineData(" Pekka@FIRMA.fi ")]
    [InlineData("laskutus@firma.fi.")]
    public void Company_email_identifies_the_company_by_domain(string email)
    {
        Assert.Equal("domain:firma.fi", ClientIdentity.Normalize(null, email));
    }

    [Fact]
    public void Blank_business_id_falls_back_to_email()
    {
        Assert.Equal("domain:firma.fi", ClientIdentity.Normalize(" - ", "anna@firma.fi"));
        Assert.Equal("domain:firma.fi", ClientIdentity.Normalize("   ", "anna@firma.fi"));
    }

    [Theory]
    [InlineData("Anna.Virtanen@gmail.com", "email:anna.virtanen@gmail.com")]
    [InlineData("pekka@hotmail.fi", "email:pekka@hotmail.fi")]
    [InlineData("x@suomi24.fi", "email:x@suomi24.fi")]
    public void Personal_mail_domains_use_the_whole_address(string email, string expected)
    {
        Assert.Equal(expected, ClientIdentity.Normalize("", email));
    }

    [Fact]
    public void Two_people_at_gmail_are_different_clients()
    {
        Assert.NotEqual(ClientIdentity.Normalize(null, "anna@gmail.com"), ClientIdentity.Normalize(null, "pekka@gmail.com"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("  ", "not-an-address")]
    [InlineData(null, "@firma.fi")]
    [InlineData(null, "anna@")]
    public void Nothing_usable_gives_an_empty_identity(string? businessId, string? email)
    {
        Assert.Equal("", ClientIdentity.Normalize(businessId, email));
    }
}
