using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>
/// Builds a well-formed request, field by field from its message descriptor. Each field gets,
/// with the message's <em>hostility</em> as probability, a hostile value (<see cref="HostileValues"/>),
/// and otherwise a plausible one: real resource names of the population, real skills, dates in range,
/// small ratings. Plausible messages reach the grains; hostile ones test validation.
/// </summary>
internal sealed class ShapeGenerator(NamePool names, DateOnly today)
{
    /// <summary>How deep nested messages are filled (the API's messages nest 3 levels at most).</summary>
    private const int MaxDepth = 5;

    private static readonly string[] Cities = ["Turku", "Helsinki", "Tampere", "Oulu", "Raisio"];
    private static readonly string[] People = ["Jari", "Anna", "Liisa", "Mikko"];

    /// <summary>Firm-changing operator methods: they never name a firm the run acts with.</summary>
    private static readonly HashSet<string> AvoidActors = new(StringComparer.Ordinal) { "RotateFirmKey", "SetFirmSuspended" };

    /// <summary>What a <c>parent</c> field names, by method (AIP-122); anything else gets a kind at random.</summary>
    private static readonly Dictionary<string, ResourceKind> Parents = new(StringComparer.Ordinal)
    {
        ["RegisterFirm"] = ResourceKind.Network, ["ListFirms"] = ResourceKind.Network, ["CreateReferral"] = ResourceKind.Network,
        ["CreateClient"] = ResourceKind.Firm, ["ListClients"] = ResourceKind.Firm, ["ProposePartnership"] = ResourceKind.Firm,
        ["ListPartnerships"] = ResourceKind.Firm, ["GetScoreboard"] = ResourceKind.Firm, ["ListReferrals"] = ResourceKind.Firm,
        ["MatchPartners"] = ResourceKind.Firm, ["SuggestMeetings"] = ResourceKind.Firm, ["ListFeedbackAboutFirm"] = ResourceKind.Firm,
        ["GetChemistry"] = ResourceKind.Firm, ["LogHassle"] = ResourceKind.Client, ["LogRevenue"] = ResourceKind.Client,
        ["ListHassleEntries"] = ResourceKind.Client, ["ListRevenueEntries"] = ResourceKind.Client,
        ["SubmitFeedback"] = ResourceKind.Referral, ["ListReferralFeedback"] = ResourceKind.Referral,
    };

    /// <summary>Fields that name another firm or a client wherever they appear.</summary>
    private static readonly Dictionary<string, ResourceKind> Referring = new(StringComparer.Ordinal)
    {
        ["partner"] = ResourceKind.Firm, ["receiver"] = ResourceKind.Firm, ["referrer"] = ResourceKind.Firm, ["other"] = ResourceKind.Firm,
        ["rater"] = ResourceKind.Firm, ["ratee"] = ResourceKind.Firm, ["returned_from"] = ResourceKind.Firm, ["firm"] = ResourceKind.Firm,
        ["client"] = ResourceKind.Client,
    };

    /// <summary>A well-formed request for <paramref name="method"/>.</summary>
    public IMessage Build(FuzzMethod method, SimFirm actor, Random random, double hostility)
    {
        var context = new Context(method, actor, random, hostility);
        return Fill(method.Input, context, depth: 0, "");
    }

    private IMessage Fill(MessageDescriptor type, Context c, int depth, string fieldName)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        switch (type.FullName)
        {
            case "google.protobuf.Timestamp":
                return Time(c, fieldName);
            case "google.protobuf.FieldMask":
                return Mask(c);
        }

        foreach (var field in type.Fields.InDeclarationOrder())
        {
            // A clean message sets every field; the others leave some unset, hostile ones more.
            if ((c.Hostility > 0 && c.Random.NextDouble() < 0.05 + 0.3 * c.Hostility) || (field.FieldType == FieldType.Message && depth >= MaxDepth))
            {
                continue;
            }

            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType;
                for (var i = Count(c); i > 0; i--)
                {
                    map[Value(entry.FindFieldByNumber(1), type, c, depth + 1)] = Value(entry.FindFieldByNumber(2), type, c, depth + 1);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = Count(c); i > 0; i--)
                {
                    list.Add(Value(field, type, c, depth + 1));
                }
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, type, c, depth + 1));
            }
        }

        return message;
    }

    /// <summary>Elements of a repeated field: one to three when plausible (now and then none), 0–50 when hostile.</summary>
    private static int Count(Context c) =>
        c.Hostile() ? HostileValues.Pick(c.Random, [0, 1, 2, 10, 50, c.Random.Next(51)]) : c.Odd() ? 0 : c.Random.Next(1, 4);

    private object Value(FieldDescriptor field, MessageDescriptor owner, Context c, int depth)
    {
        var r = c.Random;
        var hostile = c.Hostile();
        // Plausible values are now and then odd (an edge, a past date), except in a clean message.
        var odd = c.Odd();
        return field.FieldType switch
        {
            FieldType.String => Text(field, owner, c, hostile, odd),
            FieldType.Bool => r.Next(2) == 0,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => hostile ? HostileValues.Pick(r, HostileValues.Int32s) : PlausibleInt(field.Name, r, odd),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => hostile ? HostileValues.Pick(r, HostileValues.Int64s) : PlausibleLong(field.Name, r, odd),
            FieldType.UInt32 or FieldType.Fixed32 => hostile ? unchecked((uint)HostileValues.Pick(r, HostileValues.Int32s)) : (uint)PlausibleInt(field.Name, r, odd),
            FieldType.UInt64 or FieldType.Fixed64 => hostile ? unchecked((ulong)HostileValues.Pick(r, HostileValues.Int64s)) : (ulong)PlausibleLong(field.Name, r, odd),
            FieldType.Double => hostile ? HostileValues.Pick(r, HostileValues.Doubles) : PlausibleDouble(field.Name, r),
            FieldType.Float => hostile ? (float)HostileValues.Pick(r, HostileValues.Doubles) : (float)PlausibleDouble(field.Name, r),
            FieldType.Bytes => ByteString.CopyFrom(RandomBytes(r, hostile ? r.Next(0, 512) : r.Next(0, 16))),
            FieldType.Enum => Enum(field.EnumType, r, hostile, odd),
            FieldType.Message or FieldType.Group => Fill(field.MessageType, c, depth, field.Name),
            _ => throw new NotSupportedException($"field type {field.FieldType}"),
        };
    }

    private static object Enum(EnumDescriptor type, Random r, bool hostile, bool odd)
    {
        var defined = type.Values.Select(v => v.Number).ToList();
        var number = hostile
            ? HostileValues.Pick(r, [-1, defined.Max() + 1, 99, int.MaxValue, int.MinValue, 0, r.Next(-5, 100)])
            : odd || defined.Count == 1 ? 0 : defined.Where(n => n != 0).ElementAt(r.Next(defined.Count(n => n != 0)));
        return System.Enum.ToObject(type.ClrType, number);
    }

    private string Text(FieldDescriptor field, MessageDescriptor owner, Context c, bool hostile, bool odd)
    {
        var r = c.Random;
        var kind = KindOf(field, owner, c.Method, r);
        // A field that names another firm (partner, receiver, ...) mostly names one of the actor's network.
        var other = kind == ResourceKind.Firm && Referring.ContainsKey(field.Name);
        string? real = kind is { } k ? names.Pick(k, c.Actor, r, AvoidActors.Contains(c.Method.Name), other) : null;
        if (hostile)
        {
            var text = HostileValues.Text(r, c.Budget, real);
            c.Spend(text.Length);
            return text;
        }

        if (real is not null)
        {
            // Now and then a real name of the other network, or one that names nothing.
            return !odd ? real : r.Next(2) == 0
                ? real.Replace(c.Actor.NetworkId, OtherNetwork(c.Actor), StringComparison.Ordinal)
                : HostileValues.BreakName(real, r);
        }

        var name = field.Name;
        switch (name)
        {
            case "request_id":
            {
                if (r.Next(6) == 0 && names.PickRequestId(r) is { } reused)
                {
                    return reused;
                }

                var id = $"fuzz-{r.NextInt64():x16}";
                if (r.Next(4) == 0)
                {
                    names.AddRequestId(id);
                }

                return id;
            }

            case "page_token":
                return r.Next(2) == 0 ? names.PickPageToken(r) ?? "" : "";
            case "skill" or "skills" or "scope" or "complementary_skills":
                return odd ? "cobol" : HostileValues.Pick(r, PopulationBuilder.Skills);
            case "traits" or "wanted_traits":
                return HostileValues.Pick(r, PopulationBuilder.Traits);
            case "email":
                return HostileValues.Pick(r, ["info@agency.example", "someone@gmail.com", $"x{r.Next(1000)}@fuzz.example"]);
            case "phone":
                return "+358 40 123 4567";
            case "business_id":
                return r.Next(2) == 0 ? $"FI{r.Next(10_000_000, 99_999_999)}" : $"{r.Next(1_000_000, 9_999_999)}-{r.Next(10)}";
            case "deadline" or "next_free_date":
                return today.AddDays(odd ? r.Next(-30, 0) : r.Next(1, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "city":
                return HostileValues.Pick(r, Cities);
            case "from_person" or "to_person" or "your_person" or "their_person" or "person_name":
                return HostileValues.Pick(r, People);
            case "name" when owner.Name == "Person":
                return HostileValues.Pick(r, People);
        }

        if (name.EndsWith("_id", StringComparison.Ordinal))
        {
            // A new id, or one that exists already.
            return r.Next(4) == 0 && names.Pick(HostileValues.Pick(r, [ResourceKind.Network, ResourceKind.Firm, ResourceKind.Client]), c.Actor, r, false) is { } existing
                ? existing[(existing.LastIndexOf('/') + 1)..]
                : HostileValues.RandomId(r);
        }

        return $"Fuzz {name} {r.Next(1000)}";
    }

    /// <summary>Which kind of resource a string field names, if any.</summary>
    private static ResourceKind? KindOf(FieldDescriptor field, MessageDescriptor owner, FuzzMethod method, Random r)
    {
        if (Referring.TryGetValue(field.Name, out var referring))
        {
            return referring;
        }

        if (field.Name == "parent")
        {
            return Parents.TryGetValue(method.Name, out var parent) ? parent : (ResourceKind)r.Next(5);
        }

        if (field.Name != "name" || owner.Name is "Person")
        {
            return null;
        }

        return owner.Name switch
        {
            "Network" => ResourceKind.Network,
            "Firm" => ResourceKind.Firm,
            "Client" => ResourceKind.Client,
            "Partnership" => ResourceKind.Partnership,
            "Referral" or "Feedback" => ResourceKind.Referral,
            _ when method.Name.Contains("Network", StringComparison.Ordinal) => ResourceKind.Network,
            _ when method.Name.Contains("Firm", StringComparison.Ordinal) => ResourceKind.Firm,
            _ when method.Name.Contains("Client", StringComparison.Ordinal) => ResourceKind.Client,
            _ when method.Name.Contains("Partnership", StringComparison.Ordinal) => ResourceKind.Partnership,
            _ => ResourceKind.Referral,
        };
    }

    private static string OtherNetwork(SimFirm actor)
    {
        var home = actor.NetworkId;
        return home.EndsWith("-home", StringComparison.Ordinal) ? home[..^5] + "-away" : home[..^5] + "-home";
    }

    private static int PlausibleInt(string field, Random r, bool odd) => field switch
    {
        "level" or "min_level" or "communication" or "quality_of_work" or "marketing_mind" or "work_again" or "chemistry"
            or "as_disclosed" or "worth_the_hassle" or "warmth" => odd ? r.Next(-1, 8) : r.Next(1, 6),
        "page_size" => odd ? HostileValues.Pick(r, [1000, 1001]) : r.Next(0, 100),
        "minutes" => r.Next(1, 600),
        _ when field.EndsWith("_months", StringComparison.Ordinal) => r.Next(0, 37),
        _ => r.Next(0, 11),
    };

    private static long PlausibleLong(string field, Random r, bool odd) => field switch
    {
        _ when field.EndsWith("_cents", StringComparison.Ordinal) && odd => HostileValues.Pick(r, [10_000_000_000L, 10_000_000_001L]),
        // A minimum below the maximum, mostly.
        _ when field.EndsWith("max_cents", StringComparison.Ordinal) => r.NextInt64(5_000_000, 10_000_000),
        _ when field.EndsWith("_cents", StringComparison.Ordinal) => r.NextInt64(0, 5_000_000),
        _ => r.Next(0, 11),
    };

    private static double PlausibleDouble(string field, Random r) => field switch
    {
        "referral_fee_percent" => Math.Round(r.NextDouble() * 50, 1),
        _ => Math.Round(r.NextDouble() * 5, 2),
    };

    /// <summary>A time: when something happened lies in the past, anything else (expiry) in the next weeks.</summary>
    private IMessage Time(Context c, string field)
    {
        var r = c.Random;
        if (c.Hostile())
        {
            return new Timestamp { Seconds = HostileValues.Pick(r, HostileValues.TimestampSeconds), Nanos = HostileValues.Pick(r, HostileValues.TimestampNanos) };
        }

        var past = field.StartsWith("occur", StringComparison.Ordinal) || field.EndsWith("create_time", StringComparison.Ordinal) || c.Odd();
        var day = today.AddDays(past ? r.Next(-60, 0) : r.Next(1, 80)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new Timestamp { Seconds = new DateTimeOffset(day).ToUnixTimeSeconds() + r.Next(86_400), Nanos = r.Next(2) == 0 ? 0 : r.Next(1_000_000_000) };
    }

    /// <summary>An update mask: the request's resource fields (top level and nested), <c>*</c>, or nonsense.</summary>
    private static IMessage Mask(Context c)
    {
        var r = c.Random;
        var resources = c.Method.Input.Fields.InDeclarationOrder()
            .Where(f => f.FieldType == FieldType.Message && f.MessageType.FullName != "google.protobuf.FieldMask")
            .Select(f => f.MessageType)
            .ToList();
        var fields = resources.SelectMany(m => m.Fields.InDeclarationOrder()).Select(f => f.Name).ToList();
        var nested = resources.SelectMany(m => m.Fields.InDeclarationOrder())
            .Where(f => f.FieldType == FieldType.Message && f.MessageType.File.Package == ApiSurface.Package)
            .SelectMany(f => f.MessageType.Fields.InDeclarationOrder().Select(leaf => $"{f.Name}.{leaf.Name}"))
            .ToList();
        var mask = new FieldMask();
        for (var i = c.Hostile() ? r.Next(8) : r.Next(3); i >= 0; i--)
        {
            mask.Paths.Add(c.Hostile() || fields.Count == 0
                ? HostileValues.Pick(r, ["", "*", "**", "name", "Display_Name", "firm.display_name", "a.b.c.d", ".", "people[0]", HostileValues.RandomAscii(r, 12)])
                : r.Next(8) == 0 ? "*" : r.Next(6) == 0 && nested.Count > 0 ? nested[r.Next(nested.Count)] : fields[r.Next(fields.Count)]);
        }

        return mask;
    }

    private static byte[] RandomBytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    /// <summary>What one message is being built for, and how much text it may still carry.</summary>
    private sealed class Context(FuzzMethod method, SimFirm actor, Random random, double hostility)
    {
        public FuzzMethod Method { get; } = method;
        public SimFirm Actor { get; } = actor;
        public Random Random { get; } = random;
        public double Hostility { get; } = hostility;

        /// <summary>Characters of long text left: keeps most messages well under the hub's 1 MiB limit.</summary>
        public int Budget { get; private set; } = 300_000;

        public bool Hostile() => Random.NextDouble() < Hostility;

        /// <summary>One plausible value in ten is odd, except in a clean message (hostility 0).</summary>
        public bool Odd() => Hostility > 0 && Random.Next(10) == 0;

        public void Spend(int characters) => Budget = Math.Max(0, Budget - characters);
    }
}
