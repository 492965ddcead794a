using System.Security.Cryptography;

namespace Viidakko.Gateway.Tests.Support;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>Ids, keys and the firms of the seed story (Turku region agencies).</summary>
public static class TestData
{
    /// <summary>A random operator key.</summary>
    public static string NewAdminKey() => "vka.test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>A network id no other test uses, e.g. <c>turku-3fa9c1</c>.</summary>
    public static string UniqueId(string prefix) =>
        $"{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    /// <summary>Deletes a temp directory, tolerating a file a just-stopped hub still holds.</summary>
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Viidakkorumpu: the small marketing agency that thinks with a marketing mind.</summary>
    public static Firm Viidakkorumpu() => Profile(
        "Viidakkorumpu Oy", "Turku",
        "A small marketing agency: we think about how to sell the client's products best.",
        [new Person { Name = "Jari Viidakko", Role = "CEO", Email = "jari@viidakkorumpu.fi", Phone = "+358 40 123 4567" }],
        [("marketing", 5), ("web", 3)],
        ["marketing-minded", "relaxed"],
        Capacity.Full, "2031-01-15");

    /// <summary>A firm that does basic IT well, exactly as ordered.</summary>
    public static Firm Bitti() => Profile(
        "Bittipaja Oy", "Turku", "Basic IT: networks, workstations, servers.",
        [new Person { Name = "Timo Bitti", Role = "lead developer", Email = "timo@bittipaja.fi", Phone = "+358 50 765 4321" }],
        [("basic-it", 4), ("web", 2)],
        ["fast", "formal"],
        Capacity.Available, "");

    /// <summary>A mobile firm.</summary>
    public static Firm Mobiili() => Profile(
        "Mobiilimestarit Oy", "Raisio", "Mobile apps for iOS and Android.",
        [new Person { Name = "Mira Mobiili", Role = "CEO", Email = "mira@mobiilimestarit.fi" }],
        [("mobile", 4)],
        ["fast"],
        Capacity.Busy, "");

    /// <summary>A Flash animation firm.</summary>
    public static Firm Flash() => Profile(
        "Salamaanimaatio Oy", "Kaarina", "Flash animation and banners.",
        [new Person { Name = "Aki Animaattori", Role = "animator", Email = "aki@salama.fi" }],
        [("flash-animation", 5)],
        ["relaxed"],
        Capacity.Available, "");

    /// <summary>A plain firm with one skill.</summary>
    public static Firm Plain(string displayName, string skill = "web") =>
        Profile(displayName, "Turku", "", [new Person { Name = "Someone", Role = "owner" }], [(skill, 3)], [], Capacity.Available, "");

    private static Firm Profile(
        string displayName, string city, string description, Person[] people, (string Skill, int Level)[] capabilities,
        string[] traits, Capacity capacity, string nextFreeDate)
    {
        var firm = new Firm { DisplayName = displayName, City = city, Description = description, Capacity = capacity, NextFreeDate = nextFreeDate };
        firm.People.AddRange(people);
        firm.Capabilities.AddRange(capabilities.Select(c => new Capability { Skill = c.Skill, Level = c.Level }));
        firm.Traits.AddRange(traits);
        return firm;
    }

    /// <summary>Partnership terms.</summary>
    public static PartnershipTerms Terms(double feePercent, int feeCapMonths = 0, int nonSolicitMonths = 12, params string[] scope)
    {
        var terms = new PartnershipTerms { ReferralFeePercent = feePercent, FeeCapMonths = feeCapMonths, NonSolicitMonths = nonSolicitMonths };
        terms.Scope.AddRange(scope);
        return terms;
    }

    /// <summary>A need for <paramref name="skills"/>.</summary>
    public static Need Need(string description, params string[] skills)
    {
        var need = new Need { Description = description, BudgetMinCents = 100_000, BudgetMaxCents = 500_000 };
        need.Skills.AddRange(skills);
        return need;
    }
}
