using System.Reflection;
using System.Text.Json;
using Viidakko.Gateway.Hosting;
using Viidakko.Gateway.Infrastructure;
using V1 = Viidakko.Api.V1;

namespace Viidakko.Gateway.Tests;

/// <summary>
/// The promises the code's shape makes: the gateway carries no grain, storage or database code;
/// the API's enums and the domain's stay in step; every error reason is documented.
/// </summary>
public sealed class ShapeTests
{
    [Fact]
    public void The_gateway_depends_on_no_grain_storage_or_database_code()
    {
        var references = typeof(GatewayHost).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain("Viidakko.Grains", references);
        Assert.DoesNotContain("Viidakko.Silo", references);

        // What its process would load: the gateway's own dependency manifest.
        var deps = Path.Combine(AppContext.BaseDirectory, "Viidakko.Gateway.deps.json");
        using var manifest = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = manifest.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        Assert.Contains("Microsoft.Orleans.Core", libraries); // the client side of Orleans
        foreach (var forbidden in new[] { "Viidakko.Grains", "Viidakko.Silo", "Npgsql", "Microsoft.Data.Sqlite", "Microsoft.Orleans.Server" })
        {
            Assert.DoesNotContain(forbidden, libraries);
        }
    }

    public static TheoryData<string, IReadOnlyList<string>> EnumPairs => new()
    {
        { "ReferralState", EnumMapping.Differences<V1.ReferralState, ReferralStatus>() },
        { "ReferralKind", EnumMapping.Differences<V1.ReferralKind, ReferralKind>() },
        { "ReferralRole", EnumMapping.Differences<V1.ReferralRole, ReferralRole>() },
        { "ReferralEventType", EnumMapping.Differences<V1.ReferralEventType, ReferralEventType>() },
        { "EventType", EnumMapping.Differences<V1.EventType, FirmEventType>() },
        { "DeclineReason", EnumMapping.Differences<V1.DeclineReason, DeclineReason>() },
        { "LostReason", EnumMapping.Differences<V1.LostReason, LostReason>() },
        { "PartnershipState", EnumMapping.Differences<V1.PartnershipState, PartnershipStatus>() },
        { "Capacity", EnumMapping.Differences<V1.Capacity, CapacityStatus>() },
        { "HassleKind", EnumMapping.Differences<V1.HassleKind, HassleKind>() },
        { "DifficultyLevel", EnumMapping.Differences<V1.DifficultyLevel, DifficultyLevel>() },
        { "ExclusionReason", EnumMapping.Differences<V1.ExclusionReason, ExclusionReason>() },
        { "DeadlineKind", EnumMapping.Differences<V1.DeadlineKind, DeadlineKind>() },
        { "WebhookDeliveryState", EnumMapping.Differences<V1.WebhookDeliveryState, WebhookDeliveryState>() },
        // A day of the week is always set: the API's "unspecified" has no day.
        { "Weekday", EnumMapping.Differences<V1.Weekday, DayOfWeek>().Where(d => d != "Weekday.Unspecified").ToList() },
    };

    [Theory]
    [MemberData(nameof(EnumPairs))]
    public void Api_and_domain_enums_name_the_same_values(string pair, IReadOnlyList<string> differences)
    {
        Assert.True(differences.Count == 0, $"{pair}: only on one side: {string.Join(", ", differences)}");
    }

    [Fact]
    public void Enum_values_map_by_name_both_ways()
    {
        foreach (var state in Enum.GetValues<V1.ReferralState>())
        {
            var domain = EnumMapping.Map<V1.ReferralState, ReferralStatus>(state);
            Assert.Equal(state.ToString(), domain.ToString());
            Assert.Equal(state, EnumMapping.Map<ReferralStatus, V1.ReferralState>(domain));
        }

        Assert.Throws<InvalidOperationException>(() => EnumMapping.Map<V1.ReferralState, ReferralStatus>((V1.ReferralState)99));
    }

    [Fact]
    public void Every_error_reason_is_listed_in_the_readme_error_table()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var reasons = typeof(Reasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(reasons);
        var missing = reasons.Where(r => !readme.Contains($"`{r}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Not in the README's error table: " + string.Join(", ", missing));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Viidakko.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Viidakko.sln not found above " + AppContext.BaseDirectory);
    }
}
