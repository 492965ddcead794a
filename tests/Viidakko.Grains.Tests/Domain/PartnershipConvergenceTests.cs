using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="PartnershipBook.Supersedes"/>: the tie-break that makes both halves of a partnership agree.</summary>
public sealed class PartnershipConvergenceTests
{
    [Fact]
    public void Higher_version_wins_whoever_made_it()
    {
        Assert.True(PartnershipBook.Supersedes(3, "zeta", 2, "alfa"));
        Assert.False(PartnershipBook.Supersedes(2, "alfa", 3, "zeta"));
    }

    [Fact]
    public void Same_version_goes_to_the_smaller_actor_id()
    {
        Assert.True(PartnershipBook.Supersedes(4, "alfa", 4, "beta"));
        Assert.False(PartnershipBook.Supersedes(4, "beta", 4, "alfa"));
    }

    [Fact]
    public void Same_change_again_is_not_newer()
    {
        // A repeated notification must be a no-op, or a retry would rewrite state for nothing.
        Assert.False(PartnershipBook.Supersedes(4, "alfa", 4, "alfa"));
    }

    [Fact]
    public void Tie_break_is_ordinal_not_cultural()
    {
        // "firm-b" < "firma" ordinally ('-' is 0x2D, 'a' 0x61): both silos must agree whatever their culture.
        Assert.True(PartnershipBook.Supersedes(1, "firm-b", 1, "firma"));
        Assert.False(PartnershipBook.Supersedes(1, "firma", 1, "firm-b"));
    }

    [Fact]
    public void Exactly_one_of_two_concurrent_changes_wins_on_both_sides()
    {
        foreach (var (a, b) in new[] { ("alfa", "beta"), ("beta", "alfa"), ("x1", "x10") })
        {
            Assert.True(PartnershipBook.Supersedes(7, a, 7, b) ^ PartnershipBook.Supersedes(7, b, 7, a));
        }
    }
}
