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
        Assert.Equal("bid:12345678|domain:elsewhere.fi", ClientIdentity.Normalize(businessId, "someone@elsewhere.fi"));
    }

    [Fact]
    public void Business_id_letters_are_case_insensitive()
    {
        Assert.Equal(ClientIdentity.Normalize("AB-123", null), ClientIdentity.Normalize("ab123", null));
    }

    [Fact]
    public void Business_id_comes_first_and_the_company_domain_is_kept_too()
    {
        Assert.Equal("bid:12345678|domain:firma.fi", ClientIdentity.Normalize("1234567-8", "anna@firma.fi"));
    }

    [Fact]
    public void A_finnish_vat_number_is_the_same_business_id()
    {
        Assert.Equal(ClientIdentity.Normalize("1234567-8", null), ClientIdentity.Normalize("FI12345678", null));
    }

    [Theory]
    [InlineData("bid:12345678|domain:firma.fi", "domain:firma.fi", true)]
    [InlineData("bid:12345678|domain:firma.fi", "bid:12345678", true)]
    [InlineData("bid:12345678|domain:firma.fi", "bid:87654321|domain:muu.fi", false)]
    [InlineData("", "", false)]
    public void Clients_are_the_same_when_any_identity_matches(string a, string b, bool same)
    {
        Assert.Equal(same, ClientIdentity.Overlaps(a, b));
        Assert.Equal(same, ClientIdentity.Overlaps(b, a));
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
