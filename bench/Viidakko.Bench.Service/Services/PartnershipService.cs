using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Viidakko.Api.V1;
using Viidakko.Bench.Service.Infrastructure;
using static Viidakko.Bench.Service.Infrastructure.Sql;

namespace Viidakko.Bench.Service.Services;

/// <summary>Propose and accept handshakes; one row per pair of firms. The rest of PartnershipService is UNIMPLEMENTED here.</summary>
internal sealed class PartnershipGrpcService(NpgsqlDataSource db) : PartnershipService.PartnershipServiceBase
{
    private const string Columns =
        """
        p.id, p.proposer_pk, p.invitee_pk, pf.firm_id, inf.firm_id, p.state, p.fee_percent, p.fee_cap_months,
        p.non_solicit_months, p.scope, p.message, p.state_note, p.version, p.create_time, p.update_time,
        p.propose_request_id, p.accept_request_id
        """;

    public override async Task<Partnership> ProposePartnership(ProposePartnershipRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var partner = Names.Parse(v, "partner", request.Partner, "networks", "firms");
        if (request.Terms is null)
        {
            v.Add("terms", "is required");
        }
        else
        {
            ValidateTerms(v, request.Terms, "terms");
        }

        v.Text("message", request.Message, 2000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        OwnFirm(caller, self!);
        if (partner![0] != caller.NetworkId)
        {
            Fail.Denied("OTHER_NETWORK", "Partnerships are made within one network.");
        }

        if (partner[1] == caller.FirmId)
        {
            Fail.Invalid("partner", "must be another firm");
        }

        var terms = request.Terms!;
        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var insert = Command(connection, tx,
            """
            INSERT INTO partnerships (network_pk, proposer_pk, invitee_pk, state, fee_percent, fee_cap_months, non_solicit_months, scope, message, propose_request_id)
            SELECT $1, $3, o.id, 1, $4, $5, $6, $7, $8, $9 FROM firms o WHERE o.network_pk = $1 AND o.firm_id = $2
            ON CONFLICT (firm_low, firm_high) DO NOTHING
            RETURNING id, version, create_time, update_time
            """,
            P(caller.NetworkPk), P(partner[1]), P(caller.FirmPk), P(terms.ReferralFeePercent), P(terms.FeeCapMonths),
            P(terms.NonSolicitMonths), P(terms.Scope.ToArray()), P(request.Message), P(requestId)))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var created = new Partnership
                {
                    Name = Names.Partnership(caller.NetworkId, caller.FirmId, partner[1]),
                    Partner = Names.Firm(caller.NetworkId, partner[1]),
                    State = PartnershipState.Proposed,
                    Proposer = caller.FirmName,
                    Terms = terms,
                    Message = request.Message,
                    Version = reader.GetInt64(1),
                    CreateTime = Timestamp.FromDateTime(reader.GetDateTime(2)),
                    UpdateTime = Timestamp.FromDateTime(reader.GetDateTime(3)),
                };
                await reader.DisposeAsync();
                await tx.CommitAsync(ct);
                return created;
            }
        }

        // No row: the partner does not exist, or the pair already has a partnership.
        var existing = await FindAsync(connection, tx, caller, partner[1], ct);
        if (existing.Row is null)
        {
            Fail.Precondition("PARTNERSHIP_CHANGED", "The partnership changed concurrently; retry.");
        }

        var row = existing.Row;
        if (row.ProposerPk == caller.FirmPk && requestId is not null && row.ProposeRequestId == requestId)
        {
            await tx.CommitAsync(ct);
            return row.ToProto(caller);
        }

        if (row.State is not (PartnershipState.Declined or PartnershipState.Ended))
        {
            Fail.AlreadyExists("PARTNERSHIP_EXISTS", $"A partnership with '{partner[1]}' is already {row.State.ToString().ToLowerInvariant()}.");
        }

        // A declined or ended partnership can be proposed again, by either firm, with new terms.
        await using (var repropose = Command(connection, tx,
            """
            UPDATE partnerships SET proposer_pk = $2, invitee_pk = $3, state = 1, fee_percent = $4, fee_cap_months = $5,
                non_solicit_months = $6, scope = $7, message = $8, state_note = '', propose_request_id = $9,
                accept_request_id = NULL, version = version + 1, update_time = now()
            WHERE id = $1
            """,
            P(row.Id), P(caller.FirmPk), P(existing.OtherPk), P(terms.ReferralFeePercent), P(terms.FeeCapMonths),
            P(terms.NonSolicitMonths), P(terms.Scope.ToArray()), P(request.Message), P(requestId)))
        {
            await repropose.ExecuteNonQueryAsync(ct);
        }

        var updated = await FindAsync(connection, tx, caller, partner[1], ct);
        await tx.CommitAsync(ct);
        return updated.Row!.ToProto(caller);
    }

    public override async Task<Partnership> AcceptPartnership(AcceptPartnershipRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var name = Names.Parse(v, "name", request.Name, "networks", "firms", "partnerships");
        v.Text("note", request.Note, 2000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        OwnFirm(caller, name!);

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = (await FindAsync(connection, tx, caller, name![2], ct)).Row;
        if (row is null)
        {
            Fail.NotFound("Partnership");
        }

        if (row.State == PartnershipState.Active && requestId is not null && row.AcceptRequestId == requestId)
        {
            await tx.CommitAsync(ct);
            return row.ToProto(caller);
        }

        if (row.State != PartnershipState.Proposed || row.InviteePk != caller.FirmPk)
        {
            Fail.Precondition("ILLEGAL_TRANSITION", row.State == PartnershipState.Proposed
                ? "Only the invited firm can accept a proposal."
                : $"Only a proposed partnership can be accepted; this one is {row.State.ToString().ToLowerInvariant()}.");
        }

        await using (var accept = Command(connection, tx,
            """
            UPDATE partnerships SET state = 2, state_note = $2, accept_request_id = $3, version = version + 1, update_time = now()
            WHERE id = $1
            RETURNING version, update_time
            """, P(row.Id), P(request.Note), P(requestId)))
        await using (var reader = await accept.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            row = row with { State = PartnershipState.Active, StateNote = request.Note, Version = reader.GetInt64(0), UpdateTime = reader.GetDateTime(1) };
        }

        await tx.CommitAsync(ct);
        return row.ToProto(caller);
    }

    internal static void ValidateTerms(Violations v, PartnershipTerms terms, string field)
    {
        v.Range($"{field}.referral_fee_percent", terms.ReferralFeePercent, 0.0, 50.0);
        v.Range($"{field}.fee_cap_months", terms.FeeCapMonths, 0, 120);
        v.Range($"{field}.non_solicit_months", terms.NonSolicitMonths, 0, 60);
        if (terms.Scope.Count > 30)
        {
            v.Add($"{field}.scope", "must list at most 30 skills");
        }

        for (var i = 0; i < terms.Scope.Count; i++)
        {
            v.Id($"{field}.scope[{i}]", terms.Scope[i]);
        }
    }

    /// <summary>PERMISSION_DENIED unless <paramref name="ids"/> (network, firm, ...) name the caller's own firm.</summary>
    internal static void OwnFirm(Caller caller, string[] ids)
    {
        if (ids[0] != caller.NetworkId || ids[1] != caller.FirmId)
        {
            Fail.Denied("NOT_YOUR_RESOURCE", "You may act only for your own firm.");
        }
    }

    /// <summary>
    /// The caller's partnership with <paramref name="otherFirmId"/>, locked for the rest of the
    /// transaction (accept and re-propose decide on its state), and the other firm's key.
    /// NOT_FOUND when that firm does not exist.
    /// </summary>
    private static async Task<(PartnershipRow? Row, long OtherPk)> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Caller caller, string otherFirmId, CancellationToken ct)
    {
        await using var firm = Command(connection, tx, "SELECT id FROM firms WHERE network_pk = $1 AND firm_id = $2", P(caller.NetworkPk), P(otherFirmId));
        var otherPk = await firm.ExecuteScalarAsync(ct) as long? ?? throw Fail.Build(Google.Rpc.Code.NotFound, "Firm not found.", "NOT_FOUND");
        await using var command = Command(connection, tx,
            $"""
            SELECT {Columns}
            FROM partnerships p
            JOIN firms pf ON pf.id = p.proposer_pk
            JOIN firms inf ON inf.id = p.invitee_pk
            WHERE p.firm_low = least($1::bigint, $2::bigint) AND p.firm_high = greatest($1::bigint, $2::bigint)
            FOR UPDATE OF p
            """, P(caller.FirmPk), P(otherPk));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (null, otherPk);
        }

        var row = new PartnershipRow(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
            (PartnershipState)reader.GetInt16(5), reader.GetDouble(6), reader.GetInt32(7), reader.GetInt32(8),
            reader.GetFieldValue<string[]>(9), reader.GetString(10), reader.GetString(11), reader.GetInt64(12),
            reader.GetDateTime(13), reader.GetDateTime(14),
            reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetString(16));
        return (row, otherPk);
    }

    private sealed record PartnershipRow(
        long Id, long ProposerPk, long InviteePk, string ProposerId, string InviteeId, PartnershipState State,
        double FeePercent, int FeeCapMonths, int NonSolicitMonths, string[] Scope, string Message, string StateNote,
        long Version, DateTime CreateTime, DateTime UpdateTime, string? ProposeRequestId, string? AcceptRequestId)
    {
        public Partnership ToProto(Caller caller)
        {
            var other = ProposerPk == caller.FirmPk ? InviteeId : ProposerId;
            var partnership = new Partnership
            {
                Name = Names.Partnership(caller.NetworkId, caller.FirmId, other),
                Partner = Names.Firm(caller.NetworkId, other),
                State = State,
                Proposer = Names.Firm(caller.NetworkId, ProposerId),
                Terms = new PartnershipTerms { ReferralFeePercent = FeePercent, FeeCapMonths = FeeCapMonths, NonSolicitMonths = NonSolicitMonths },
                Message = Message,
                StateNote = StateNote,
                Version = Version,
                CreateTime = Timestamp.FromDateTime(CreateTime),
                UpdateTime = Timestamp.FromDateTime(UpdateTime),
            };
            partnership.Terms.Scope.AddRange(Scope);
            return partnership;
        }
    }
}
