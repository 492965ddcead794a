namespace Viidakko.Silo.Tests.Storage;

public enum Tier
{
    Bronze,
    Gold,
}

public sealed record LineItem(string Sku, decimal Price, int Quantity);

/// <summary>Everything a Viidakko state record is likely to hold.</summary>
public sealed record OrderState(
    string Name,
    IReadOnlyList<LineItem> Items,
    Dictionary<string, LineItem> BySku,
    DateTime CreatedAt,
    DateOnly? Deadline,
    DateOnly? NoDeadline,
    decimal Balance,
    Tier Tier,
    string? Note,
    int? MaybeCount);

/// <summary>A mutable class whose collections are get-only, as older Orleans samples write them.</summary>
public sealed class LedgerState
{
    public Dictionary<string, int> Counts { get; } = [];

    public List<string> Log { get; } = [];

    public int Total { get; set; }
}

/// <summary>The "before" of a rename: same shape as <see cref="ProfileRenamed"/>, different type.</summary>
public sealed class ProfileOriginal
{
    public string Title { get; set; } = "";

    public int Visits { get; set; }
}

/// <summary>The "after" of a rename: a record in another shape of C#, same JSON.</summary>
public sealed record ProfileRenamed(string Title, int Visits);

/// <summary>What a newer build might write: one property this build does not know.</summary>
public sealed class ProfileFromNewerBuild
{
    public string Title { get; set; } = "";

    public int Visits { get; set; }

    public string[] Badges { get; set; } = [];
}

public sealed class Counter
{
    public int Value { get; set; }
}

/// <summary>A state whose history lives in item maps, as a firm's referrals do.</summary>
public sealed class HistoryState
{
    public string Owner { get; set; } = "";

    public ItemMap<LineItem> Entries { get; set; } = new();

    public ItemMap<ProfileRenamed> Notes { get; set; } = new();
}

/// <summary>The same state before its entries became an item map: they were inside the payload.</summary>
public sealed class HistoryStateBefore
{
    public string Owner { get; set; } = "";

    public Dictionary<string, LineItem> Entries { get; set; } = [];
}

/// <summary>A state with an event log beside its fields.</summary>
public sealed class JournalState
{
    public string Owner { get; set; } = "";

    public EventLog<ProfileRenamed> Log { get; set; } = new();
}
