namespace Viidakko;

/// <summary>Amounts of money, always in euro cents.</summary>
public static class Money
{
    /// <summary>
    /// The largest amount accepted anywhere (a budget, a won value, a revenue entry): 100 million
    /// euros. Larger sums are mistakes for a network of small agencies, and keeping them far below
    /// 2^63 keeps every fee and total exact.
    /// </summary>
    public const long MaxCents = 10_000_000_000;
}
