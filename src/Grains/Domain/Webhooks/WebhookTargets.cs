using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Viidakko.Grains.Domain;

/// <summary>
/// Which webhook URLs and addresses the hub will send to. A webhook makes the hub send a request
/// wherever a firm points it, so without these checks a firm could make the hub call its own
/// internal services, its neighbours on the private network or the cloud metadata service (which
/// hands out credentials): server-side request forgery. <see cref="CheckUrl"/> is the syntax check
/// at registration; <see cref="IsForbidden(IPAddress, WebhookTargetPolicy, out string)"/> is asked
/// about every address a host name resolves to, at registration and again just before connecting,
/// so a name that later resolves somewhere else is still refused.
/// </summary>
public static class WebhookTargets
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    // Addresses where clouds serve instance metadata outside the link-local range: AWS over IPv6,
    // Alibaba Cloud and Oracle Cloud. They are treated like 169.254.169.254.
    private static readonly byte[][] MetadataAddresses =
    [
        IPAddress.Parse("fd00:ec2::254").GetAddressBytes(),
        IPAddress.Parse("100.100.100.200").GetAddressBytes(),
        IPAddress.Parse("192.0.0.192").GetAddressBytes(),
    ];

    private enum Kind
    {
        Public,
        Private,
        Loopback,
        LinkLocal,
        Metadata,
        Unspecified,
        Multicast,
        Reserved,
    }

    /// <summary>
    /// What is wrong with <paramref name="url"/> as a webhook URL, one sentence per problem; empty
    /// when it is fine. Only the syntax is checked: whether the host is allowed depends on what it
    /// resolves to.
    /// </summary>
    public static IReadOnlyList<string> CheckUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return ["the URL is empty"];
        }

        var problems = new List<string>();
        if (url.Length > MaxUrlLength)
        {
            problems.Add($"the URL is longer than {MaxUrlLength} characters");
        }

        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add("the URL contains spaces or control characters");
        }

        if (url.Contains('#'))
        {
            problems.Add("the URL has a fragment (#...)");
        }

        var authority = RawAuthority(url);
        if (authority is not null && authority.Contains('@'))
        {
            problems.Add("the URL contains credentials (user@host); send them another way");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problems.Add(authority is not null && RawPortIsOutOfRange(authority)
                ? "the port must be between 1 and 65535"
                : "the URL is not an absolute URL");
            return problems;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add("the scheme must be http or https");
        }
        else if (string.IsNullOrEmpty(uri.Host))
        {
            problems.Add("the URL has no host");
        }
        else if (uri.Port is < 1 or > 65535)
        {
            problems.Add("the port must be between 1 and 65535");
        }

        return problems;
    }

    /// <summary>
    /// Whether the hub must not send a webhook to <paramref name="address"/>, and if so why (empty
    /// when allowed). Always forbidden: the unspecified address and 0/8, multicast, broadcast and
    /// 240/4, and <see cref="WebhookTargetPolicy.HubAddresses"/>. Forbidden unless the policy allows
    /// private targets: loopback, 10/8, 172.16/12, 192.168/16, 100.64/10, 198.18/15, fc00::/7 and
    /// fec0::/10. Forbidden unless the policy allows link-local targets: 169.254/16, fe80::/10 and
    /// the cloud metadata addresses (169.254.169.254, fd00:ec2::254 and the like). An IPv6 address
    /// that carries an IPv4 one (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d) is judged as that
    /// IPv4 address. Use the <see cref="IPEndPoint"/> overload when the port is known, so the
    /// hub's own endpoints are caught too.
    /// </summary>
    public static bool IsForbidden(IPAddress address, WebhookTargetPolicy policy, out string why)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(policy);

        var plain = Unwrap(address);
        if (IsHubAddress(plain, policy))
        {
            why = $"{address} is an address of the hub itself";
            return true;
        }

        var kind = Classify(plain);
        var allowed = kind switch
        {
            Kind.Public => true,
            Kind.Private or Kind.Loopback => policy.AllowPrivateTargets,
            Kind.LinkLocal or Kind.Metadata => policy.AllowLinkLocalTargets,
            _ => false,
        };
        why = allowed ? string.Empty : $"{address} is {Describe(kind)}";
        return !allowed;
    }

    /// <summary>
    /// Whether the hub must not send a webhook to <paramref name="endpoint"/>: the address rules of
    /// <see cref="IsForbidden(IPAddress, WebhookTargetPolicy, out string)"/>, and never one of
    /// <see cref="WebhookTargetPolicy.HubEndpoints"/>, which would make the hub call itself.
    /// </summary>
    public static bool IsForbidden(IPEndPoint endpoint, WebhookTargetPolicy policy, out string why)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(policy);

        if (IsHubEndpoint(Unwrap(endpoint.Address), endpoint.Port, policy))
        {
            why = string.Create(CultureInfo.InvariantCulture, $"{endpoint} is the hub's own endpoint");
            return true;
        }

        return IsForbidden(endpoint.Address, policy, out why);
    }

    private static bool IsHubAddress(IPAddress plain, WebhookTargetPolicy policy) =>
        policy.HubAddresses.Any(hub => SameAddress(Unwrap(hub), plain));

    /// <summary>Equal addresses, ignoring an IPv6 scope (zone), which does not change where a packet goes off the machine.</summary>
    private static bool SameAddress(IPAddress a, IPAddress b) =>
        a.AddressFamily == b.AddressFamily && a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes());

    private static bool IsHubEndpoint(IPAddress plain, int port, WebhookTargetPolicy policy)
    {
        foreach (var hub in policy.HubEndpoints)
        {
            if (hub.Port != port)
            {
                continue;
            }

            var hubAddress = Unwrap(hub.Address);
            if (SameAddress(hubAddress, plain))
            {
                return true;
            }

            // A server bound to the wildcard address answers on every address of its machine.
            var wildcard = SameAddress(hubAddress, IPAddress.Any) || SameAddress(hubAddress, IPAddress.IPv6Any);
            if (wildcard && (Classify(plain) is Kind.Loopback or Kind.Unspecified || IsHubAddress(plain, policy)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The IPv4 address inside an IPv6 one that only carries it; otherwise the address itself.</summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        // ::a.b.c.d (deprecated IPv4-compatible), but not :: and ::1, which are IPv6's own.
        var compatible = !b[..12].ContainsAnyExcept((byte)0) && (b[12] | b[13] | b[14] | (b[15] & 0xfe)) != 0;
        // 64:ff9b::/96, the NAT64 well-known prefix: a NAT64 gateway forwards it to the IPv4 address.
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && !b[4..12].ContainsAnyExcept((byte)0);
        return compatible || nat64 ? new IPAddress(b[12..]) : address;
    }

    private static Kind Classify(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (MetadataAddresses.Any(m => m.AsSpan().SequenceEqual(bytes)))
        {
            return Kind.Metadata;
        }

        return bytes.Length == 4 ? ClassifyV4(bytes) : ClassifyV6(bytes);
    }

    private static Kind ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1]) switch
    {
        (0, _) => Kind.Unspecified,
        (127, _) => Kind.Loopback,
        (169, 254) => b[2] == 169 && b[3] == 254 ? Kind.Metadata : Kind.LinkLocal,
        (10, _) => Kind.Private,
        (172, >= 16 and <= 31) => Kind.Private,
        (192, 168) => Kind.Private,
        (100, >= 64 and <= 127) => Kind.Private,
        (198, 18 or 19) => Kind.Private,
        (>= 224 and <= 239, _) => Kind.Multicast,
        (>= 240, _) => Kind.Reserved,
        _ => Kind.Public,
    };

    private static Kind ClassifyV6(ReadOnlySpan<byte> b)
    {
        if (!b[..15].ContainsAnyExcept((byte)0))
        {
            // What Unwrap leaves of ::/96 is :: and ::1.
            return b[15] == 0 ? Kind.Unspecified : Kind.Loopback;
        }

        return b[0] switch
        {
            0xff => Kind.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => Kind.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => Kind.Private, // fec0::/10, the old site-local range
            0xfc or 0xfd => Kind.Private,
            _ => Kind.Public,
        };
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Private => "a private address",
        Kind.Loopback => "a loopback address",
        Kind.LinkLocal => "a link-local address",
        Kind.Metadata => "a cloud metadata address",
        Kind.Unspecified => "the unspecified address",
        Kind.Multicast => "a multicast address",
        _ => "a reserved or broadcast address",
    };

    /// <summary>The text between <c>://</c> and the path, as written; null when there is no <c>://</c>.</summary>
    private static string? RawAuthority(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = url.AsSpan(start + 3);
        var end = rest.IndexOfAny("/?#\\");
        return (end < 0 ? rest : rest[..end]).ToString();
    }

    /// <summary>Whether the authority ends in a port number above 65535, which <see cref="Uri"/> refuses to parse.</summary>
    private static bool RawPortIsOutOfRange(string authority)
    {
        var hostAndPort = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = hostAndPort.LastIndexOf(':');
        if (colon < 0 || hostAndPort.IndexOf(']', colon) >= 0)
        {
            return false;
        }

        var digits = hostAndPort[(colon + 1)..];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && (digits.Length > 5 || int.Parse(digits, CultureInfo.InvariantCulture) > 65535);
    }
}
