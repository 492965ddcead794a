using Grpc.Core;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>The credentials one fuzzed call carries, and what kind they are (for the report).</summary>
internal sealed record Credential(string Kind, Metadata? Headers)
{
    public string Describe() => Headers?.GetValue("authorization") is { } value ? $"{Kind} ({value.Length} characters)" : Kind;
}

/// <summary>
/// Who sends a fuzzed call: nobody, the operator, the firm the message is written for, another firm
/// of its network, a firm of another network, or someone with a key that is not one. AdminService
/// calls carry the operator key more often, or they would hardly get past authentication.
/// </summary>
internal sealed class Credentials(string adminKey, FuzzPopulation population)
{
    public const string None = "none";
    public const string Operator = "operator";
    public const string OwnFirm = "own-firm";
    public const string SameNetworkFirm = "same-network-firm";
    public const string OtherNetworkFirm = "other-network-firm";
    public const string Garbage = "garbage";

    public Credential Pick(FuzzMethod method, SimFirm actor, Random r)
    {
        var roll = r.Next(100);
        var admin = method.Service == "AdminService";
        var kind = (admin, roll) switch
        {
            (true, < 55) => Operator,
            (false, < 50) => OwnFirm,
            (false, < 58) => Operator,
            (_, < 70) => SameNetworkFirm,
            (_, < 80) => OtherNetworkFirm,
            (_, < 88) => None,
            _ => Garbage,
        };
        return kind switch
        {
            None => new Credential(None, null),
            Operator => Bearer(Operator, adminKey),
            OwnFirm => Bearer(OwnFirm, actor.ApiKey),
            SameNetworkFirm => Bearer(SameNetworkFirm, (Other(r, f => f.NetworkId == actor.NetworkId && f != actor) ?? actor).ApiKey),
            OtherNetworkFirm => Bearer(OtherNetworkFirm, (Other(r, f => f.NetworkId != actor.NetworkId) ?? actor).ApiKey),
            _ => new Credential(Garbage, new Metadata { { "authorization", GarbageHeader(r, actor) } }),
        };
    }

    private SimFirm? Other(Random r, Func<SimFirm, bool> which)
    {
        var candidates = population.Actors.Where(which).ToList();
        return candidates.Count == 0 ? null : candidates[r.Next(candidates.Count)];
    }

    private static Credential Bearer(string kind, string key) => new(kind, new Metadata { { "authorization", "Bearer " + key } });

    /// <summary>
    /// Headers that are no valid credentials. Printable ASCII only, and short enough for HTTP/2's
    /// header limits: anything else the client library refuses before it is sent.
    /// </summary>
    private string GarbageHeader(Random r, SimFirm actor)
    {
        var secret = HostileValues.RandomAscii(r, 43).Replace(" ", "", StringComparison.Ordinal);
        return r.Next(14) switch
        {
            0 => "Bearer",
            1 => "Bearer ",
            2 => actor.ApiKey,
            3 => "Basic " + Convert.ToBase64String("admin:admin"u8),
            4 => $"Bearer vk1.{actor.NetworkId}.{actor.FirmId}.{secret}",
            5 => $"Bearer vk1.{actor.NetworkId}.{HostileValues.RandomId(r)}.{secret}",
            6 => $"Bearer vk1.{HostileValues.RandomId(r)}.{HostileValues.RandomId(r)}.{secret}",
            7 => "Bearer vka." + secret,
            8 => "Bearer " + adminKey + "x",
            9 => "Bearer " + actor.ApiKey[..^1],
            10 => "Bearer " + new string('A', r.Next(1, 8000)),
            11 => $"Bearer vk1.{actor.NetworkId}.{actor.FirmId}.short",
            12 => "bearer " + HostileValues.RandomAscii(r, r.Next(1, 80)),
            _ => $"Bearer vk1..{actor.FirmId}.{secret}",
        };
    }
}
