using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Viidakko.Api.V1;
using Viidakko.Bench.Service.Infrastructure;
using static Viidakko.Bench.Service.Infrastructure.Sql;

namespace Viidakko.Bench.Service.Services;

/// <summary>
/// Referrals: create and accept, each in one transaction. The rest of ReferralService is
/// UNIMPLEMENTED here.
/// </summary>
internal sealed class ReferralGrpcService(NpgsqlDataSource db) : ReferralService.ReferralServiceBase
{
    private static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(14);
    private static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(90);

    /// <summary>Every column of a referral with the names it needs; callers add the WHERE clause.</summary>
    private const string SelectReferral =
        """
        SELECT r.id, n.network_id, r.kind, r.state, r.referrer_pk, rf.firm_id, r.receiver_pk, rc.firm_id, r.client_pk, c.client_id,
               r.need_skills, r.need_description, r.budget_min_cents, r.budget_max_cents, r.deadline, r.warmth,
               r.fee_percent, r.fee_cap_months, r.non_solicit_months, r.scope, r.disclosure::text, r.note, r.expire_time,
               r.version, r.create_time, r.update_time,
               c.contact_person, c.contact_email, c.contact_phone, c.contact_address
        FROM referrals r
        JOIN networks n ON n.id = r.network_pk
        JOIN firms rf ON rf.id = r.referrer_pk
        JOIN firms rc ON rc.id = r.receiver_pk
        JOIN clients c ON c.id = r.client_pk
        """;

    private const string SelectTimeline = "SELECT time, actor_pk, type, state_after, note FROM referral_events WHERE referral_id = $1 ORDER BY id";

    /// <summary>
    /// Reads: the receiver with the partnership (one query), the client with its revenue total, and its
    /// hassle by kind (sent together in one batch). Writes: the referral and its CREATED event (one
    /// statement). All in one transaction.
    /// </summary>
    public override async Task<Referral> CreateReferral(CreateReferralRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var network = Names.Parse(v, "parent", request.Parent, "networks");
        if (request.Referral is null)
        {
            v.Add("referral", "is required");
        }

        var r = request.Referral ?? new Referral();
        v.Enum("referral.kind", r.Kind, required: true);
        var receiver = Names.Parse(v, "referral.receiver", r.Receiver, "networks", "firms");
        var client = Names.Parse(v, "referral.client", r.Client, "networks", "firms", "clients");
        var need = r.Need ?? new Need();
        ValidateNeed(v, need, "referral.need");
        v.Range("referral.warmth", r.Warmth, 1, 5);
        if (r.Terms is not null)
        {
            PartnershipGrpcService.ValidateTerms(v, r.Terms, "referral.terms");
        }

        var now = DateTime.UtcNow;
        var expire = v.Time("referral.expire_time", r.ExpireTime) ?? now + DefaultExpiry;
        if (expire <= now || expire > now + MaxExpiry)
        {
            v.Add("referral.expire_time", "must be in the future and at most 90 days away");
        }

        v.Text("referral.note", r.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        var (networkIds, receiverIds, clientIds) = (network!, receiver!, client!);
        if (networkIds[0] != caller.NetworkId || receiverIds[0] != caller.NetworkId)
        {
            Fail.Denied("OTHER_NETWORK", "Referrals stay within your own network.");
        }

        PartnershipGrpcService.OwnFirm(caller, clientIds);
        if (receiverIds[1] == caller.FirmId)
        {
            Fail.Invalid("referral.receiver", "a firm cannot refer a client to itself");
        }

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        long receiverPk, clientPk;
        PartnershipTerms terms;
        Disclosure disclosure;
        await using (var reads = new NpgsqlBatch(connection, tx)
        {
            BatchCommands =
            {
                Statement(
                    """
                    SELECT f.id, f.suspended, p.state, p.fee_percent, p.fee_cap_months, p.non_solicit_months, p.scope
                    FROM firms f
                    LEFT JOIN partnerships p ON p.firm_low = least(f.id, $2) AND p.firm_high = greatest(f.id, $2)
                    WHERE f.network_pk = $1 AND f.firm_id = $3
                    """, P(caller.NetworkPk), P(caller.FirmPk), P(receiverIds[1])),
                Statement(
                    """
                    SELECT c.id, c.display_name, c.keep,
                           (SELECT coalesce(sum(v.amount_cents), 0)::bigint FROM revenue_entries v WHERE v.client_pk = c.id)
                    FROM clients c WHERE c.firm_pk = $1 AND c.client_id = $2
                    """, P(caller.FirmPk), P(clientIds[2])),
                Statement(
                    """
                    SELECT h.kind, count(*)::int, sum(h.minutes)::int
                    FROM hassle_entries h JOIN clients c ON c.id = h.client_pk
                    WHERE c.firm_pk = $1 AND c.client_id = $2
                    GROUP BY h.kind ORDER BY h.kind
                    """, P(caller.FirmPk), P(clientIds[2])),
            },
        })
        await using (var reader = await reads.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                Fail.NotFound("Receiving firm");
            }

            receiverPk = reader.GetInt64(0);
            if (reader.IsDBNull(2) || (PartnershipState)reader.GetInt16(2) != PartnershipState.Active)
            {
                Fail.Precondition("NOT_PARTNERS", $"'{receiverIds[1]}' is not an active partner: propose a partnership first.");
            }

            if (reader.GetBoolean(1))
            {
                Fail.Precondition("FIRM_SUSPENDED", $"'{receiverIds[1]}' is suspended and cannot receive referrals.");
            }

            var agreed = new PartnershipTerms
            {
                ReferralFeePercent = reader.GetDouble(3),
                FeeCapMonths = reader.GetInt32(4),
                NonSolicitMonths = reader.GetInt32(5),
            };
            agreed.Scope.AddRange(reader.GetFieldValue<string[]>(6));
            var outOfScope = agreed.Scope.Count == 0 ? null : need.Skills.FirstOrDefault(s => !agreed.Scope.Contains(s));
            if (outOfScope is not null)
            {
                Fail.Precondition("OUT_OF_PARTNERSHIP_SCOPE", $"'{outOfScope}' is outside the agreed scope of this partnership.");
            }

            terms = r.Terms ?? agreed;

            await reader.NextResultAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                Fail.NotFound("Client");
            }

            clientPk = reader.GetInt64(0);
            var clientName = reader.GetString(1);
            if (reader.GetBoolean(2))
            {
                Fail.Precondition("CLIENT_KEPT", "This client is marked as kept (one of your best): it cannot be referred or introduced.");
            }

            var revenueCents = reader.GetInt64(3);
            await reader.NextResultAsync(ct);
            var hassle = new List<HassleTotal>();
            while (await reader.ReadAsync(ct))
            {
                hassle.Add(new HassleTotal { Kind = (HassleKind)reader.GetInt16(0), Count = reader.GetInt32(1), Minutes = reader.GetInt32(2) });
            }

            disclosure = new Disclosure
            {
                ClientDisplayName = clientName,
                Difficulty = ComputeDifficulty(hassle, revenueCents),
                SnapshotTime = Timestamp.FromDateTime(now),
            };
        }

        Guid id;
        DateTime created;
        await using (var insert = Command(connection, tx,
            """
            WITH r AS (
                INSERT INTO referrals (network_pk, kind, state, referrer_pk, receiver_pk, client_pk, need_skills, need_description,
                    budget_min_cents, budget_max_cents, deadline, warmth, fee_percent, fee_cap_months, non_solicit_months, scope,
                    disclosure, note, expire_time, request_id)
                VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
                ON CONFLICT (referrer_pk, request_id) DO NOTHING
                RETURNING id, create_time
            ), e AS (
                INSERT INTO referral_events (referral_id, time, actor_pk, type, state_after, request_id)
                SELECT id, create_time, $3, 1, 1, $19 FROM r
            )
            SELECT id, create_time FROM r
            """,
            P(caller.NetworkPk), P((short)r.Kind), P(caller.FirmPk), P(receiverPk), P(clientPk), P(need.Skills.ToArray()),
            P(need.Description), P(need.BudgetMinCents), P(need.BudgetMaxCents), P(need.Deadline), P((short)r.Warmth),
            P(terms.ReferralFeePercent), P(terms.FeeCapMonths), P(terms.NonSolicitMonths), P(terms.Scope.ToArray()),
            Jsonb(JsonFormatter.Default.Format(disclosure)), P(r.Note), P(expire), P(requestId)))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                await reader.DisposeAsync();
                // The request id was used before: a retry gets the first referral back (AIP-155).
                var first = await LoadAsync(connection, tx, "r.referrer_pk = $1 AND r.request_id = $2", timeline: true, ct, P(caller.FirmPk), P(requestId));
                if (first is null || first.Row.ClientPk != clientPk || first.Row.ReceiverPk != receiverPk)
                {
                    Fail.Invalid("request_id", "was already used for a different referral", "REQUEST_ID_REUSED");
                }

                await tx.CommitAsync(ct);
                return first.Row.ToProto(caller, first.Timeline);
            }

            id = reader.GetGuid(0);
            created = reader.GetDateTime(1);
        }

        await tx.CommitAsync(ct);

        var referral = new Referral
        {
            Name = Names.Referral(caller.NetworkId, id),
            Kind = r.Kind,
            State = ReferralState.Proposed,
            Referrer = caller.FirmName,
            Receiver = Names.Firm(caller.NetworkId, receiverIds[1]),
            Client = Names.Client(caller.NetworkId, caller.FirmId, clientIds[2]),
            Need = need,
            Warmth = r.Warmth,
            Terms = terms,
            Disclosure = disclosure,
            ExpireTime = Timestamp.FromDateTime(expire),
            Note = r.Note,
            Version = 1,
            CreateTime = Timestamp.FromDateTime(created),
            UpdateTime = Timestamp.FromDateTime(created),
        };
        referral.Timeline.Add(new ReferralEvent
        {
            Time = Timestamp.FromDateTime(created),
            Actor = caller.FirmName,
            Type = ReferralEventType.Created,
            StateAfter = ReferralState.Proposed,
        });
        return referral;
    }

    /// <summary>
    /// Reads the referral locked FOR UPDATE; checks the caller is its receiver and it is still
    /// proposed; then, in one batch, updates it, inserts the ACCEPTED event and reads the timeline.
    /// </summary>
    public override async Task<Referral> AcceptReferral(AcceptReferralRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var name = Names.Parse(v, "name", request.Name, "networks", "referrals");
        var referralId = Guid.Empty;
        if (name is not null && !Guid.TryParseExact(name[1], "N", out referralId))
        {
            v.Add("name", "is not a referral name");
        }

        v.Text("note", request.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        if (name![0] != caller.NetworkId)
        {
            Fail.NotFound("Referral");
        }

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var loaded = await LoadAsync(connection, tx, "r.id = $1 FOR UPDATE OF r", timeline: false, ct, P(referralId));
        if (loaded is null || loaded.Row.NetworkId != caller.NetworkId
            || (loaded.Row.ReferrerPk != caller.FirmPk && loaded.Row.ReceiverPk != caller.FirmPk))
        {
            Fail.NotFound("Referral");
        }

        var row = loaded.Row;
        if (requestId is not null && row.State != ReferralState.Proposed)
        {
            // A retried accept finds its own event and gets the referral as it is now.
            await using var find = Command(connection, tx, "SELECT 1 FROM referral_events WHERE referral_id = $1 AND request_id = $2 AND type = 2", P(row.Id), P(requestId));
            if (await find.ExecuteScalarAsync(ct) is not null)
            {
                var again = await LoadAsync(connection, tx, "r.id = $1", timeline: true, ct, P(row.Id));
                await tx.CommitAsync(ct);
                return again!.Row.ToProto(caller, again.Timeline);
            }
        }

        if (row.ReceiverPk != caller.FirmPk)
        {
            Fail.Denied("WRONG_ROLE", "Only the receiver can accept a referral.");
        }

        var state = row.State == ReferralState.Proposed && DateTime.UtcNow >= row.ExpireTime ? ReferralState.Expired : row.State;
        if (state != ReferralState.Proposed)
        {
            Fail.Precondition("ILLEGAL_TRANSITION", $"Only a proposed referral can be accepted; this one is {state.ToString().ToLowerInvariant()}.");
        }

        List<ReferralEvent> timeline;
        await using (var writes = new NpgsqlBatch(connection, tx)
        {
            BatchCommands =
            {
                Statement("UPDATE referrals SET state = 2, version = version + 1, update_time = now() WHERE id = $1 RETURNING version, update_time", P(row.Id)),
                Statement("INSERT INTO referral_events (referral_id, actor_pk, type, state_after, note, request_id) VALUES ($1, $2, 2, 2, $3, $4)",
                    P(row.Id), P(caller.FirmPk), P(request.Note), P(requestId)),
                Statement(SelectTimeline, P(row.Id)),
            },
        })
        await using (var reader = await writes.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            row = row with { State = ReferralState.Accepted, Version = reader.GetInt64(0), UpdateTime = reader.GetDateTime(1) };
            await reader.NextResultAsync(ct);
            await reader.NextResultAsync(ct);
            timeline = await ReadTimelineAsync(reader, row, ct);
        }

        await tx.CommitAsync(ct);
        return row.ToProto(caller, timeline);
    }

    private static void ValidateNeed(Violations v, Need need, string field)
    {
        if (need.Skills.Count is < 1 or > 10)
        {
            v.Add($"{field}.skills", "must list 1 to 10 skills");
        }

        for (var i = 0; i < need.Skills.Count; i++)
        {
            v.Id($"{field}.skills[{i}]", need.Skills[i]);
        }

        v.Text($"{field}.description", need.Description, 4000);
        if (need.BudgetMinCents < 0 || need.BudgetMaxCents < 0)
        {
            v.Add($"{field}.budget", "must not be negative");
        }
        else if (need.BudgetMaxCents != 0 && need.BudgetMaxCents < need.BudgetMinCents)
        {
            v.Add($"{field}.budget_max_cents", "must be at least budget_min_cents");
        }

        v.Date($"{field}.deadline", need.Deadline, DateOnly.FromDateTime(DateTime.UtcNow));
    }

    /// <summary>Hassle hours per 1,000 € of revenue and its level, by the hub's rules.</summary>
    private static Difficulty ComputeDifficulty(List<HassleTotal> hassle, long revenueCents)
    {
        var minutes = hassle.Sum(h => h.Minutes);
        var difficulty = new Difficulty { HassleMinutes = minutes, RevenueCents = revenueCents };
        difficulty.HassleByKind.AddRange(hassle);
        if (revenueCents <= 0)
        {
            difficulty.Level = minutes > 0 ? DifficultyLevel.High : DifficultyLevel.Unspecified;
            return difficulty;
        }

        var perThousand = Math.Round(minutes / 60.0 / (revenueCents / 100_000.0), 3);
        difficulty.HassleHoursPerThousandEur = perThousand;
        difficulty.Level = perThousand >= 5.0 ? DifficultyLevel.High : perThousand >= 2.0 ? DifficultyLevel.Medium : DifficultyLevel.Low;
        return difficulty;
    }

    /// <summary>One referral by <paramref name="where"/>, with its timeline when asked; null when there is none.</summary>
    private static async Task<Loaded?> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string where, bool timeline, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        ReferralRow row;
        await using (var command = Command(connection, tx, $"{SelectReferral} WHERE {where}", parameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            row = new ReferralRow(
                reader.GetGuid(0), reader.GetString(1), (ReferralKind)reader.GetInt16(2), (ReferralState)reader.GetInt16(3),
                reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7), reader.GetInt64(8), reader.GetString(9),
                reader.GetFieldValue<string[]>(10), reader.GetString(11), reader.GetInt64(12), reader.GetInt64(13), reader.GetString(14),
                reader.GetInt16(15), reader.GetDouble(16), reader.GetInt32(17), reader.GetInt32(18), reader.GetFieldValue<string[]>(19),
                reader.GetString(20), reader.GetString(21), reader.GetDateTime(22), reader.GetInt64(23), reader.GetDateTime(24),
                reader.GetDateTime(25), new ClientContact
                {
                    PersonName = reader.GetString(26),
                    Email = reader.GetString(27),
                    Phone = reader.GetString(28),
                    Address = reader.GetString(29),
                });
        }

        if (!timeline)
        {
            return new Loaded(row, []);
        }

        await using var events = Command(connection, tx, SelectTimeline, P(row.Id));
        await using var eventReader = await events.ExecuteReaderAsync(ct);
        return new Loaded(row, await ReadTimelineAsync(eventReader, row, ct));
    }

    private static async Task<List<ReferralEvent>> ReadTimelineAsync(NpgsqlDataReader reader, ReferralRow row, CancellationToken ct)
    {
        var timeline = new List<ReferralEvent>();
        while (await reader.ReadAsync(ct))
        {
            var actorPk = reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1);
            timeline.Add(new ReferralEvent
            {
                Time = Timestamp.FromDateTime(reader.GetDateTime(0)),
                Actor = actorPk == row.ReferrerPk ? Names.Firm(row.NetworkId, row.ReferrerId)
                    : actorPk == row.ReceiverPk ? Names.Firm(row.NetworkId, row.ReceiverId)
                    : "",
                Type = (ReferralEventType)reader.GetInt16(2),
                StateAfter = (ReferralState)reader.GetInt16(3),
                Note = reader.GetString(4),
            });
        }

        return timeline;
    }

    private sealed record Loaded(ReferralRow Row, List<ReferralEvent> Timeline);

    private sealed record ReferralRow(
        Guid Id, string NetworkId, ReferralKind Kind, ReferralState State, long ReferrerPk, string ReferrerId, long ReceiverPk,
        string ReceiverId, long ClientPk, string ClientId, string[] NeedSkills, string NeedDescription, long BudgetMinCents,
        long BudgetMaxCents, string Deadline, short Warmth, double FeePercent, int FeeCapMonths, int NonSolicitMonths,
        string[] Scope, string DisclosureJson, string Note, DateTime ExpireTime, long Version, DateTime CreateTime,
        DateTime UpdateTime, ClientContact Contact)
    {
        public Referral ToProto(Caller caller, List<ReferralEvent> timeline)
        {
            var state = State == ReferralState.Proposed && DateTime.UtcNow >= ExpireTime ? ReferralState.Expired : State;
            var referral = new Referral
            {
                Name = Names.Referral(NetworkId, Id),
                Kind = Kind,
                State = state,
                Referrer = Names.Firm(NetworkId, ReferrerId),
                Receiver = Names.Firm(NetworkId, ReceiverId),
                // The custodian is the referrer: this service has no returned needs.
                Client = Names.Client(NetworkId, ReferrerId, ClientId),
                Need = new Need { Description = NeedDescription, BudgetMinCents = BudgetMinCents, BudgetMaxCents = BudgetMaxCents, Deadline = Deadline },
                Warmth = Warmth,
                Terms = new PartnershipTerms { ReferralFeePercent = FeePercent, FeeCapMonths = FeeCapMonths, NonSolicitMonths = NonSolicitMonths },
                Disclosure = JsonParser.Default.Parse<Disclosure>(DisclosureJson),
                ExpireTime = Timestamp.FromDateTime(ExpireTime),
                Note = Note,
                Version = Version,
                CreateTime = Timestamp.FromDateTime(CreateTime),
                UpdateTime = Timestamp.FromDateTime(UpdateTime),
            };
            referral.Need.Skills.AddRange(NeedSkills);
            referral.Terms.Scope.AddRange(Scope);
            referral.Timeline.AddRange(timeline);
            // An introduction reveals the client's contact to the receiver once accepted; a referral never does.
            if (Kind == ReferralKind.Introduction && caller.FirmPk == ReceiverPk
                && state is ReferralState.Accepted or ReferralState.InProgress or ReferralState.Won or ReferralState.Lost)
            {
                referral.ClientContact = Contact;
            }

            return referral;
        }
    }
}
