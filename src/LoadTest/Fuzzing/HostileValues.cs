using System.Text;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>
/// Values no well-behaved member system sends, by type: the edges of every number type, NaN and
/// infinities, empty and huge text, control characters, text-direction overrides, odd but valid
/// Unicode (protobuf strings are UTF-8, so a lone surrogate cannot travel in a well-formed message;
/// invalid UTF-8 is sent by the byte mutators instead), injection-looking text and broken names.
/// </summary>
internal static class HostileValues
{
    public static readonly int[] Int32s =
    [
        0, -1, 1, 2, 5, 6, 50, 51, 99, 100, 101, 999, 1000, 1001, 10_000, 100_000, int.MaxValue, int.MaxValue - 1,
        int.MinValue, int.MinValue + 1, -2, -100, 1 << 30, 65_535, 65_536,
    ];

    public static readonly long[] Int64s =
    [
        0, -1, 1, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 1L << 62, (1L << 62) + 1,
        (1L << 53) + 1, 10_000_000_000, 10_000_000_001, -10_000_000_000, 9_999_999_999, int.MaxValue, (long)int.MaxValue + 1,
        int.MinValue, (long)int.MinValue - 1, 100_000, -100_000,
    ];

    public static readonly double[] Doubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0, double.MaxValue, double.MinValue,
        double.Epsilon, -double.Epsilon, 1e-320, 50, 50.000000001, 49.99999999999, -1, 100, 1e308, -1e308, 0.1 + 0.2, 5.0000001, 0.9999999,
    ];

    /// <summary>Timestamp seconds around the edges of what a Timestamp can hold and of what the hub accepts (2000–2099).</summary>
    public static readonly long[] TimestampSeconds =
    [
        0, -1, long.MaxValue, long.MinValue, 253_402_300_799, 253_402_300_800, -62_135_596_800, -62_135_596_801,
        946_684_799, 946_684_800, 4_102_444_799, 4_102_444_800, int.MaxValue, int.MinValue, 1L << 40,
    ];

    public static readonly int[] TimestampNanos = [0, -1, 1, 999_999_999, 1_000_000_000, int.MaxValue, int.MinValue];

    private static readonly string[] Fixed =
    [
        "", " ", "   ", "\t", "\n", "\r\n", "\0", "a\0b", "\0\0\0\0", "\u001b[2J\u001b[31mred\u001b[0m", "\u0007\u0008", "\u007f", "\u0085",
        "\u202Eevil\u202C", "\u2066isolated\u2069", "\u202Aembed", "\uFEFFbom", "\uFFFE", "\uFFFF", "\u200B", "zero\u200Dwidth", "\u2028", "\u2029",
        "\uFFFD", "e\u0301\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A\u035B", "\U0001D518\U0001D52B\U0001D526",
        "\U0001F469\u200D\U0001F469\u200D\U0001F467", "\U0001F3F3\uFE0F\u200D\U0001F308", "東京都", "שלום עולם", "مرحبا", "A\u030A", "\U000E0001\U000E0074",
        "\uE000", "\U0010FFFD", "\U0010FFFF", "\u00A0nbsp", "ǅ", "İı", "ß", "ﬁrm", "ｎｅｔｗｏｒｋｓ", "Ⅻ", "\u0000\u0001\u0002\u0003",
        "'; DROP TABLE grain_state; --", "\" OR 1=1 --", "%s%s%s%n", "{0}{1}{2}", "${jndi:ldap://x/y}", "<script>alert(1)</script>",
        "../../../etc/passwd", "..\\..\\windows", "C:\\Windows", "/dev/null", "null", "undefined", "NaN", "-0", "1e309", "true",
        "*", "**", "networks", "networks/", "/", "//", "networks//firms/x", "networks/*/firms/*", "networks/../firms/x",
        "2024-02-30", "0000-00-00", "9999-12-31", "1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01", "2025-13-01", "2025-1-1",
        "+2025-01-01", "2025-06-15T00:00:00Z", "yesterday", "@", "a@", "@b", "a@b@c", "x@gmail.com", "FI00000000", "FI1234567", "0000000-0",
        "Bearer x", "vk1.a.b.cccccccccccccccccccc", "*,*", "display_name.*", "DisplayName",
    ];

    /// <summary>One hostile text; <paramref name="budget"/> bounds how long it may be.</summary>
    public static string Text(Random r, int budget, string? realName)
    {
        switch (r.Next(10))
        {
            case 0 or 1 or 2:
                return Fixed[r.Next(Fixed.Length)];
            case 3:
            {
                int[] lengths = [64, 100, 101, 200, 201, 257, 1000, 1001, 2000, 2001, 4097, 10_000, 65_536, 100_000, 300_000];
                var length = Math.Min(lengths[r.Next(lengths.Length)], Math.Max(0, budget));
                var filler = r.Next(4) switch { 0 => "a", 1 => "\u00e4", 2 => "\U0001F600", _ => "ab-" };
                var text = new StringBuilder(length);
                while (text.Length < length)
                {
                    text.Append(filler);
                }

                return text.ToString();
            }

            case 4:
                return RandomAscii(r, r.Next(1, 48));
            case 5:
                return RandomUnicode(r, r.Next(1, 24));
            case 6 or 7 when realName is not null:
                return BreakName(realName, r);
            case 8:
                return RandomId(r);
            default:
                return Fixed[r.Next(Fixed.Length)] + (realName ?? "") + Fixed[r.Next(Fixed.Length)];
        }
    }

    /// <summary>A real name made wrong in one of the ways a careless or hostile caller would.</summary>
    public static string BreakName(string name, Random r)
    {
        var slash = name.LastIndexOf('/');
        var parent = slash > 0 ? name[..slash] : name;
        return r.Next(16) switch
        {
            0 => name + "/",
            1 => name.ToUpperInvariant(),
            2 => name + "\0",
            3 => name + "/extra/part",
            4 => parent + "/..",
            5 => parent + "/" + new string('a', 64),
            6 => parent + "/a--b",
            7 => parent + "/-a",
            8 => parent + "/a-",
            9 => " " + name,
            10 => name + " ",
            11 => name.Replace("networks/", "networks//", StringComparison.Ordinal),
            12 => name.Replace('i', 'ı'),
            13 => parent + "/" + RandomId(r),
            14 => name + "\u202E",
            _ => parent,
        };
    }

    /// <summary>A valid id ([a-z0-9-], 1–63) that names nothing yet, most of the time.</summary>
    public static string RandomId(Random r)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        var length = r.Next(6) == 0 ? 63 : r.Next(1, 20);
        var id = new char[length];
        for (var i = 0; i < length; i++)
        {
            id[i] = i > 0 && i < length - 1 && r.Next(8) == 0 ? '-' : chars[r.Next(chars.Length)];
        }

        return new string(id);
    }

    public static string RandomAscii(Random r, int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = (char)r.Next(0x20, 0x7f);
        }

        return new string(text);
    }

    /// <summary>Random Unicode scalar values (never a lone surrogate): C0 controls, Latin, symbols, other planes.</summary>
    public static string RandomUnicode(Random r, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var c = r.Next(5) switch
            {
                0 => r.Next(0, 0x80),
                1 => r.Next(0x80, 0x800),
                2 => r.Next(0x800, 0xD800),
                3 => r.Next(0xE000, 0x10000),
                _ => r.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(c));
        }

        return text.ToString();
    }

    public static T Pick<T>(Random r, IReadOnlyList<T> values) => values[r.Next(values.Count)];
}
