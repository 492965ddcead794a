using Google.Protobuf.WellKnownTypes;
using V1 = Viidakko.Api.V1;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>Protobuf messages to domain DTOs and back, validating input on the way in.</summary>
public static class Mapping
{
    /// <summary>Today in UTC, for "not in the past" checks.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // ------------------------------------------------------------ time

    /// <summary>A stored UTC time as a Timestamp.</summary>
    public static Timestamp Ts(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static string DateText(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    // ------------------------------------------------------------ networks

    /// <summary>Network to proto.</summary>
    public static V1.Network ToProto(NetworkView n) => new()
    {
        Name = Names.Network(n.NetworkId),
        DisplayName = n.DisplayName,
        Region = n.Region,
        CreateTime = Ts(n.CreateTime),
        FirmCount = n.FirmCount,
        OverlapDefault = EnumMapping.Map<OverlapSharing, V1.OverlapSharing>(n.OverlapDefault),
        SlaPolicy = SlaMapping.ToProto(n.Sla ?? SlaPolicy.Default),
        Limits = ToProto(n.Limits ?? NetworkLimits.Default),
    };

    /// <summary>A network's limits to proto (zeros: the hub's defaults).</summary>
    public static V1.NetworkLimits ToProto(NetworkLimits l) => new()
    {
        FirmCostPerSecond = l.FirmCostPerSecond,
        NetworkCostPerSecond = l.NetworkCostPerSecond,
        ReferralsPerFirmPerDay = l.ReferralsPerFirmPerDay,
        ProposalsPerFirmPerDay = l.ProposalsPerFirmPerDay,
    };

    // ------------------------------------------------------------ firms

    /// <summary>Validates and converts the profile fields named by <paramref name="paths"/> (all when null).</summary>
    public static FirmProfile ToProfile(Violations v, V1.Firm? f, string prefix, IReadOnlySet<string>? paths = null)
    {
        f ??= new V1.Firm();
        bool Has(string p) => paths is null || paths.Contains(p);

        if (Has(FirmProfileFields.DisplayName)) v.Text($"{prefix}.display_name", f.DisplayName, 200, required: true);
        if (Has(FirmProfileFields.City)) v.Text($"{prefix}.city", f.City, 100);
        if (Has(FirmProfileFields.Description)) v.Text($"{prefix}.description", f.Description, 2000, multiline: true);

        if (Has(FirmProfileFields.People))
        {
            if (f.People.Count > 50) v.Add($"{prefix}.people", "must have at most 50 people");
            for (var i = 0; i < f.People.Count; i++)
            {
                var p = f.People[i];
                v.Text($"{prefix}.people[{i}].name", p.Name, 200, required: true);
                v.Text($"{prefix}.people[{i}].role", p.Role, 100);
                v.Email($"{prefix}.people[{i}].email", p.Email);
                v.Text($"{prefix}.people[{i}].phone", p.Phone, 40);
            }
        }

        if (Has(FirmProfileFields.Capabilities))
        {
            if (f.Capabilities.Count > 30) v.Add($"{prefix}.capabilities", "must have at most 30 skills");
            for (var i = 0; i < f.Capabilities.Count; i++)
            {
                var c = f.Capabilities[i];
                v.Id($"{prefix}.capabilities[{i}].skill", c.Skill);
                v.Range($"{prefix}.capabilities[{i}].level", c.Level, 1, 5);
            }

            if (f.Capabilities.Select(c => c.Skill).Distinct().Count() != f.Capabilities.Count)
            {
                v.Add($"{prefix}.capabilities", "must name each skill once");
            }
        }

        if (Has(FirmProfileFields.Traits))
        {
            if (f.Traits.Count > 20) v.Add($"{prefix}.traits", "must have at most 20 traits");
            for (var i = 0; i < f.Traits.Count; i++)
            {
                v.Id($"{prefix}.traits[{i}]", f.Traits[i]);
            }
        }

        if (Has(FirmProfileFields.Capacity)) v.Enum($"{prefix}.capacity", f.Capacity, required: false);
        var nextFree = Has(FirmProfileFields.NextFreeDate) ? v.Date($"{prefix}.next_free_date", f.NextFreeDate) : null;

        return new FirmProfile(
            f.DisplayName.Trim(),
            f.City.Trim(),
            f.Description,
            f.People.Select(p => new Person(p.Name.Trim(), p.Role.Trim(), p.Email.Trim(), p.Phone.Trim())).ToList(),
            f.Capabilities.Select(c => new Capability(c.Skill, c.Level)).ToList(),
            f.Traits.Distinct().ToList(),
            // An undefined value has been recorded as a violation above; the request is refused before this value is used.
            Has(FirmProfileFields.Capacity) && System.Enum.IsDefined(f.Capacity)
                ? EnumMapping.Map<V1.Capacity, CapacityStatus>(f.Capacity)
                : CapacityStatus.Unspecified,
            nextFree);
    }

    /// <summary>Firm to proto.</summary>
    public static V1.Firm ToProto(FirmView f)
    {
        var proto = new V1.Firm
        {
            Name = Names.Firm(f.NetworkId, f.FirmId),
            DisplayName = f.Profile.DisplayName,
            City = f.Profile.City,
            Description = f.Profile.Description,
            Capacity = EnumMapping.Map<CapacityStatus, V1.Capacity>(f.Profile.Capacity),
            NextFreeDate = DateText(f.Profile.NextFreeDate),
            Suspended = f.Suspended,
            View = f.Visibility switch
            {
                FirmVisibility.Self => V1.FirmView.Self,
                FirmVisibility.Partner => V1.FirmView.Partner,
                _ => V1.FirmView.Public,
            },
            CreateTime = Ts(f.CreateTime),
            UpdateTime = Ts(f.UpdateTime),
        };
        proto.People.AddRange(f.Profile.People.Select(p => new V1.Person { Name = p.Name, Role = p.Role, Email = p.Email, Phone = p.Phone }));
        proto.Capabilities.AddRange(f.Profile.Capabilities.Select(c => new V1.Capability
        {
            Skill = c.Skill,
            Level = c.Level,
            ConfirmedWins = f.Standing.ConfirmedWins.GetValueOrDefault(c.Skill),
        }));
        proto.Traits.AddRange(f.Profile.Traits);
        proto.Standing = ToProto(f.Standing);
        return proto;
    }

    /// <summary>Standing to proto.</summary>
    public static V1.FirmStanding ToProto(FirmStanding s)
    {
        var proto = new V1.FirmStanding { RatingCount = s.RatingCount, ReferralQualityCount = s.ReferralQualityCount };
        if (s.Reputation is { } r) proto.Reputation = r;
        if (s.ReferralQuality is { } q) proto.ReferralQuality = q;
        if (s.KeepRatio is { } k) proto.KeepRatio = k;
        proto.Responsiveness = ToProto(s.Responsiveness ?? Responsiveness.None);
        return proto;
    }

    /// <summary>Responsiveness to proto.</summary>
    public static V1.Responsiveness ToProto(Responsiveness r)
    {
        var proto = new V1.Responsiveness
        {
            Answered = r.Answered, Expired = r.Expired, FirstContactsOnTime = r.FirstContactsOnTime, FirstContactsMissed = r.FirstContactsMissed,
        };
        if (r.AnswerRate is { } a) proto.AnswerRate = a;
        if (r.FirstContactRate is { } f) proto.FirstContactRate = f;
        return proto;
    }

    // ------------------------------------------------------------ partnerships

    /// <summary>Validates and converts terms.</summary>
    public static PartnershipTerms ToTerms(Violations v, V1.PartnershipTerms? t, string prefix)
    {
        if (t is null)
        {
            v.Add(prefix, "is required");
            return new PartnershipTerms(0, 0, 0, []);
        }

        if (double.IsNaN(t.ReferralFeePercent) || t.ReferralFeePercent < 0 || t.ReferralFeePercent > 50)
        {
            v.Add($"{prefix}.referral_fee_percent", "must be between 0 and 50");
        }

        v.Range($"{prefix}.fee_cap_months", t.FeeCapMonths, 0, 120);
        v.Range($"{prefix}.non_solicit_months", t.NonSolicitMonths, 0, 60);
        if (t.Scope.Count > 30) v.Add($"{prefix}.scope", "must have at most 30 skills");
        for (var i = 0; i < t.Scope.Count; i++)
        {
            v.Id($"{prefix}.scope[{i}]", t.Scope[i]);
        }

        var percent = double.IsFinite(t.ReferralFeePercent) && t.ReferralFeePercent is >= 0 and <= 50
            ? Math.Round((decimal)t.ReferralFeePercent, 4)
            : 0m;
        return new PartnershipTerms(percent, t.FeeCapMonths, t.NonSolicitMonths, t.Scope.Distinct().ToList());
    }

    /// <summary>Terms to proto.</summary>
    public static V1.PartnershipTerms ToProto(PartnershipTerms t)
    {
        var proto = new V1.PartnershipTerms
        {
            ReferralFeePercent = (double)t.FeePercent,
            FeeCapMonths = t.FeeCapMonths,
            NonSolicitMonths = t.NonSolicitMonths,
        };
        proto.Scope.AddRange(t.Scope);
        return proto;
    }

    /// <summary>Partnership to proto.</summary>
    public static V1.Partnership ToProto(PartnershipView p) => new()
    {
        Name = Names.Partnership(p.NetworkId, p.FirmId, p.PartnerFirmId),
        Partner = Names.Firm(p.NetworkId, p.PartnerFirmId),
        State = EnumMapping.Map<PartnershipStatus, V1.PartnershipState>(p.Status),
        Proposer = Names.Firm(p.NetworkId, p.ProposerFirmId),
        Terms = ToProto(p.Terms),
        Message = p.Message,
        StateNote = p.StatusNote,
        Version = p.Version,
        CreateTime = Ts(p.CreateTime),
        UpdateTime = Ts(p.UpdateTime),
        FeesOwedToYouCents = p.FeesOwedToFirmCents,
        FeesYouOweCents = p.FeesOwedByFirmCents,
        ReferralsSent = p.ReferralsSent,
        ReferralsReceived = p.ReferralsReceived,
    };

    // ------------------------------------------------------------ clients

    /// <summary>Validates and converts client fields named by <paramref name="paths"/> (all when null).</summary>
    public static ClientInput ToClientInput(Violations v, V1.Client? c, string prefix, IReadOnlySet<string>? paths = null)
    {
        c ??= new V1.Client();
        bool Has(string p) => paths is null || paths.Contains(p);
        if (Has(ClientFields.DisplayName)) v.Text($"{prefix}.display_name", c.DisplayName, 200, required: true);
        if (Has(ClientFields.BusinessId)) v.Text($"{prefix}.business_id", c.BusinessId, 40);
        if (Has(ClientFields.Notes)) v.Text($"{prefix}.notes", c.Notes, 4000, multiline: true);
        var contact = c.Contact ?? new V1.ClientContact();
        if (Has(ClientFields.Contact))
        {
            v.Text($"{prefix}.contact.person_name", contact.PersonName, 200);
            v.Email($"{prefix}.contact.email", contact.Email);
            v.Text($"{prefix}.contact.phone", contact.Phone, 40);
            v.Text($"{prefix}.contact.address", contact.Address, 400, multiline: true);
        }

        return new ClientInput(
            c.DisplayName.Trim(),
            c.BusinessId.Trim(),
            new ClientContact(contact.PersonName.Trim(), contact.Email.Trim(), contact.Phone.Trim(), contact.Address.Trim()),
            c.Keep,
            c.Notes);
    }

    /// <summary>Contact to proto.</summary>
    public static V1.ClientContact ToProto(ClientContact c) =>
        new() { PersonName = c.PersonName, Email = c.Email, Phone = c.Phone, Address = c.Address };

    /// <summary>Difficulty to proto.</summary>
    public static V1.Difficulty ToProto(Difficulty d)
    {
        var proto = new V1.Difficulty
        {
            HassleHoursPerThousandEur = d.HassleHoursPerThousandEur,
            Level = EnumMapping.Map<DifficultyLevel, V1.DifficultyLevel>(d.Level),
            HassleMinutes = d.HassleMinutes,
            RevenueCents = d.RevenueCents,
        };
        proto.HassleByKind.AddRange(d.ByKind.Select(k => new V1.HassleTotal { Kind = EnumMapping.Map<HassleKind, V1.HassleKind>(k.Kind), Count = k.Count, Minutes = k.Minutes }));
        return proto;
    }

    /// <summary>Client to proto.</summary>
    public static V1.Client ToProto(ClientView c) => new()
    {
        Name = Names.Client(c.NetworkId, c.FirmId, c.ClientId),
        DisplayName = c.DisplayName,
        BusinessId = c.BusinessId,
        NormalizedIdentity = c.NormalizedIdentity,
        Contact = ToProto(c.Contact),
        Keep = c.Keep,
        Notes = c.Notes,
        Difficulty = ToProto(c.Difficulty),
        CreateTime = Ts(c.CreateTime),
        UpdateTime = Ts(c.UpdateTime),
    };

    /// <summary>Hassle entry to proto.</summary>
    public static V1.HassleEntry ToProto(HassleEntry h) => new()
    {
        EntryId = h.EntryId,
        Kind = EnumMapping.Map<HassleKind, V1.HassleKind>(h.Kind),
        Minutes = h.Minutes,
        Note = h.Note,
        OccurTime = Ts(h.OccurTime),
        RecordTime = Ts(h.RecordTime),
    };

    /// <summary>Revenue entry to proto.</summary>
    public static V1.RevenueEntry ToProto(RevenueEntry r) => new()
    {
        EntryId = r.EntryId,
        AmountCents = r.AmountCents,
        Note = r.Note,
        OccurTime = Ts(r.OccurTime),
        RecordTime = Ts(r.RecordTime),
    };

    // ------------------------------------------------------------ referrals

    /// <summary>Validates and converts a need.</summary>
    public static Need ToNeed(Violations v, V1.Need? n, string prefix, DateOnly today)
    {
        if (n is null)
        {
            v.Add(prefix, "is required");
            return new Need([], "", 0, 0, null);
        }

        if (n.Skills.Count is < 1 or > 10) v.Add($"{prefix}.skills", "must name 1 to 10 skills");
        for (var i = 0; i < n.Skills.Count; i++)
        {
            v.Id($"{prefix}.skills[{i}]", n.Skills[i]);
        }

        v.Text($"{prefix}.description", n.Description, 4000, multiline: true);
        v.Budget($"{prefix}.", n.BudgetMinCents, n.BudgetMaxCents);
        var deadline = v.Date($"{prefix}.deadline", n.Deadline, notBefore: today);
        return new Need(n.Skills.Distinct().ToList(), n.Description, n.BudgetMinCents, n.BudgetMaxCents, deadline);
    }

    /// <summary>Need to proto.</summary>
    public static V1.Need ToProto(Need n, bool withDescription = true)
    {
        var proto = new V1.Need
        {
            Description = withDescription ? n.Description : "",
            BudgetMinCents = n.BudgetMinCents,
            BudgetMaxCents = n.BudgetMaxCents,
            Deadline = DateText(n.Deadline),
        };
        proto.Skills.AddRange(n.Skills);
        return proto;
    }

    /// <summary>A full referral to proto.</summary>
    public static V1.Referral ToProto(ReferralView r, DateTime now)
    {
        var proto = new V1.Referral
        {
            Name = Names.Referral(r.NetworkId, r.ReferralId),
            Kind = EnumMapping.Map<ReferralKind, V1.ReferralKind>(r.Kind),
            State = EnumMapping.Map<ReferralStatus, V1.ReferralState>(r.Status),
            Referrer = Names.Firm(r.NetworkId, r.ReferrerFirmId),
            Receiver = Names.Firm(r.NetworkId, r.ReceiverFirmId),
            Client = Names.Client(r.NetworkId, r.CustodianFirmId, r.ClientId),
            Need = ToProto(r.Need),
            Warmth = r.Warmth,
            Terms = ToProto(r.Terms),
            Disclosure = new V1.Disclosure
            {
                ClientDisplayName = r.Disclosure.ClientDisplayName,
                Difficulty = ToProto(r.Disclosure.Difficulty),
                SnapshotTime = Ts(r.Disclosure.SnapshotTime),
            },
            ClientContact = r.ClientContact is { } c ? ToProto(c) : null,
            ExpireTime = Ts(r.ExpireTime),
            DeclineReason = EnumMapping.Map<DeclineReason, V1.DeclineReason>(r.DeclineReason),
            LostReason = EnumMapping.Map<LostReason, V1.LostReason>(r.LostReason),
            WonValueCents = r.WonValueCents,
            ContractMonths = r.ContractMonths,
            FeeDueCents = r.FeeDueCents,
            CustodyUntil = r.CustodyUntil is { } u ? Ts(u) : null,
            ReturnedFrom = r.ReturnedFromReferralId is { } from ? Names.Referral(r.NetworkId, from) : "",
            Note = r.Note,
            Version = r.Version,
            CreateTime = Ts(r.CreateTime),
            UpdateTime = Ts(r.UpdateTime),
            FeePaidCents = r.FeePaidCents,
            AlreadyReceiversClient = r.ReceiversOwnClient,
            Deadline = SlaMapping.ToProto(r.Deadline, now),
            Reroute = r.Reroute is { } chain ? ToProto(r.NetworkId, chain) : null,
            ReroutedTo = r.ReroutedToReferralId is { } to ? Names.Referral(r.NetworkId, to) : "",
        };
        proto.Timeline.AddRange(r.Timeline.Select(e => new V1.ReferralEvent
        {
            Time = Ts(e.Time),
            Actor = e.ActorFirmId.Length == 0 ? "" : Names.Firm(r.NetworkId, e.ActorFirmId),
            Type = EnumMapping.Map<ReferralEventType, V1.ReferralEventType>(e.Type),
            StateAfter = EnumMapping.Map<ReferralStatus, V1.ReferralState>(e.StatusAfter),
            Note = e.Note,
            ActorPerson = e.ActorPerson ?? "",
        }));
        return proto;
    }

    /// <summary>A re-routing chain to proto (the referrer's view).</summary>
    private static V1.ReferralReroute ToProto(string networkId, RerouteChain chain)
    {
        var proto = new V1.ReferralReroute { MaxHops = chain.MaxHops, Origin = Names.Referral(networkId, chain.OriginReferralId) };
        proto.Hops.AddRange(chain.Earlier.Select(h => new V1.ReferralHop
        {
            Referral = Names.Referral(networkId, h.ReferralId),
            Receiver = Names.Firm(networkId, h.ReceiverFirmId),
            State = EnumMapping.Map<ReferralStatus, V1.ReferralState>(h.Status),
            DeclineReason = EnumMapping.Map<DeclineReason, V1.DeclineReason>(h.DeclineReason),
            Time = Ts(h.Time),
        }));
        return proto;
    }

    /// <summary>
    /// A list entry (summary) to proto, as <paramref name="viewerFirmId"/> may see it: no timeline,
    /// disclosure or contact; whether the client was already the receiver's own only for the
    /// receiver, or for the referrer once the receiver said so.
    /// </summary>
    public static V1.Referral ToProto(string networkId, ReferralSummary s, string viewerFirmId, DateTime now)
    {
        var proto = new V1.Referral
        {
            Name = Names.Referral(networkId, s.ReferralId),
            Kind = EnumMapping.Map<ReferralKind, V1.ReferralKind>(s.Kind),
            State = EnumMapping.Map<ReferralStatus, V1.ReferralState>(s.Status),
            Referrer = Names.Firm(networkId, s.ReferrerFirmId),
            Receiver = Names.Firm(networkId, s.ReceiverFirmId),
            Client = Names.Client(networkId, s.CustodianFirmId, s.ClientId),
            Need = new V1.Need(),
            FeeDueCents = s.FeeDueCents,
            FeePaidCents = s.FeePaidCents,
            WonValueCents = s.WonValueCents,
            // Summaries stored before the note was kept in them have none.
            Note = s.Note ?? "",
            ExpireTime = Ts(s.ExpireTime),
            CustodyUntil = s.CustodyUntil is { } u ? Ts(u) : null,
            Version = s.Version,
            CreateTime = Ts(s.CreateTime),
            UpdateTime = Ts(s.UpdateTime),
            AlreadyReceiversClient = s.ReceiversOwnClient && (viewerFirmId == s.ReceiverFirmId || s.OwnClientDisclosed),
            Deadline = SlaMapping.ToProto(s.Deadline, now),
            // The disclosure both parties saw when it was made: the name and the honest difficulty.
            Disclosure = new V1.Disclosure
            {
                ClientDisplayName = s.ClientDisplayName,
                Difficulty = s.Difficulty is { } difficulty ? ToProto(difficulty) : null,
            },
        };
        proto.Need.Skills.AddRange(s.Skills);
        return proto;
    }
}
