using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Viidakko.Api.V1;
using Viidakko.Bench.Service.Infrastructure;
using static Viidakko.Bench.Service.Infrastructure.Sql;

namespace Viidakko.Bench.Service.Services;

/// <summary>The caller's clients and their hassle and revenue logs (plain inserts). The rest of ClientService is UNIMPLEMENTED here.</summary>
internal sealed class ClientGrpcService(NpgsqlDataSource db) : ClientService.ClientServiceBase
{
    public override async Task<Client> CreateClient(CreateClientRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var parent = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        v.Id("client_id", request.ClientId);
        if (request.Client is null)
        {
            v.Add("client", "is required");
        }

        var client = request.Client ?? new Client();
        v.Text("client.display_name", client.DisplayName, 200, required: true);
        v.Text("client.business_id", client.BusinessId, 50);
        var contact = client.Contact ?? new ClientContact();
        v.Text("client.contact.person_name", contact.PersonName, 200);
        v.Text("client.contact.email", contact.Email, 254);
        v.Text("client.contact.phone", contact.Phone, 50);
        v.Text("client.contact.address", contact.Address, 500);
        v.Text("client.notes", client.Notes, 4000);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        PartnershipGrpcService.OwnFirm(caller, parent!);

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var insert = Command(connection, null,
            """
            INSERT INTO clients (firm_pk, client_id, display_name, business_id, contact_person, contact_email, contact_phone, contact_address, keep, notes, create_request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (firm_pk, client_id) DO NOTHING
            RETURNING create_time, update_time
            """,
            P(caller.FirmPk), P(request.ClientId), P(client.DisplayName), P(client.BusinessId), P(contact.PersonName),
            P(contact.Email), P(contact.Phone), P(contact.Address), P(client.Keep), P(client.Notes), P(requestId)))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var created = client.Clone();
                created.Name = Names.Client(caller.NetworkId, caller.FirmId, request.ClientId);
                created.Contact = contact;
                created.Difficulty = new Difficulty();
                created.CreateTime = Timestamp.FromDateTime(reader.GetDateTime(0));
                created.UpdateTime = Timestamp.FromDateTime(reader.GetDateTime(1));
                return created;
            }
        }

        // The id is taken: a retry of the same request gets the client back (AIP-155).
        await using var existing = Command(connection, null,
            """
            SELECT display_name, business_id, contact_person, contact_email, contact_phone, contact_address, keep, notes,
                   create_request_id, create_time, update_time
            FROM clients WHERE firm_pk = $1 AND client_id = $2
            """, P(caller.FirmPk), P(request.ClientId));
        await using var row = await existing.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct) || requestId is null || row.IsDBNull(8) || row.GetString(8) != requestId)
        {
            Fail.AlreadyExists("CLIENT_EXISTS", $"You already have a client '{request.ClientId}'.");
        }

        return new Client
        {
            Name = Names.Client(caller.NetworkId, caller.FirmId, request.ClientId),
            DisplayName = row.GetString(0),
            BusinessId = row.GetString(1),
            Contact = new ClientContact { PersonName = row.GetString(2), Email = row.GetString(3), Phone = row.GetString(4), Address = row.GetString(5) },
            Keep = row.GetBoolean(6),
            Notes = row.GetString(7),
            Difficulty = new Difficulty(),
            CreateTime = Timestamp.FromDateTime(row.GetDateTime(9)),
            UpdateTime = Timestamp.FromDateTime(row.GetDateTime(10)),
        };
    }

    public override async Task<HassleEntry> LogHassle(LogHassleRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var parent = Names.Parse(v, "parent", request.Parent, "networks", "firms", "clients");
        v.Enum("kind", request.Kind, required: true);
        v.Range("minutes", request.Minutes, 1, 1440);
        v.Text("note", request.Note, 1000);
        var occurred = OccurTime(v, "occur_time", request.OccurTime);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        PartnershipGrpcService.OwnFirm(caller, parent!);

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        var (id, occur, recorded) = await InsertEntryAsync(connection, caller, parent![2], requestId, ct,
            """
            INSERT INTO hassle_entries (client_pk, kind, minutes, note, occur_time, request_id)
            SELECT c.id, $4, $5, $6, $7, $3 FROM clients c WHERE c.firm_pk = $1 AND c.client_id = $2
            ON CONFLICT (client_pk, request_id) DO NOTHING
            RETURNING id, occur_time, record_time
            """,
            """
            SELECT h.id, h.occur_time, h.record_time FROM hassle_entries h JOIN clients c ON c.id = h.client_pk
            WHERE c.firm_pk = $1 AND c.client_id = $2 AND h.request_id = $3
            """,
            P((short)request.Kind), P(request.Minutes), P(request.Note), P(occurred));
        return new HassleEntry
        {
            EntryId = $"h{id}",
            Kind = request.Kind,
            Minutes = request.Minutes,
            Note = request.Note,
            OccurTime = Timestamp.FromDateTime(occur),
            RecordTime = Timestamp.FromDateTime(recorded),
        };
    }

    public override async Task<RevenueEntry> LogRevenue(LogRevenueRequest request, ServerCallContext context)
    {
        var caller = Caller.Firm(context);
        var v = new Violations();
        var parent = Names.Parse(v, "parent", request.Parent, "networks", "firms", "clients");
        v.Range("amount_cents", request.AmountCents, 1, 100_000_000_000);
        v.Text("note", request.Note, 1000);
        var occurred = OccurTime(v, "occur_time", request.OccurTime);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        PartnershipGrpcService.OwnFirm(caller, parent!);

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        var (id, occur, recorded) = await InsertEntryAsync(connection, caller, parent![2], requestId, ct,
            """
            INSERT INTO revenue_entries (client_pk, amount_cents, note, occur_time, request_id)
            SELECT c.id, $4, $5, $6, $3 FROM clients c WHERE c.firm_pk = $1 AND c.client_id = $2
            ON CONFLICT (client_pk, request_id) DO NOTHING
            RETURNING id, occur_time, record_time
            """,
            """
            SELECT r.id, r.occur_time, r.record_time FROM revenue_entries r JOIN clients c ON c.id = r.client_pk
            WHERE c.firm_pk = $1 AND c.client_id = $2 AND r.request_id = $3
            """,
            P(request.AmountCents), P(request.Note), P(occurred));
        return new RevenueEntry
        {
            EntryId = $"r{id}",
            AmountCents = request.AmountCents,
            Note = request.Note,
            OccurTime = Timestamp.FromDateTime(occur),
            RecordTime = Timestamp.FromDateTime(recorded),
        };
    }

    /// <summary>When an entry happened: now by default, never in the future.</summary>
    private static DateTime OccurTime(Violations v, string field, Timestamp? value)
    {
        var now = DateTime.UtcNow;
        var time = v.Time(field, value) ?? now;
        if (time > now.AddMinutes(5))
        {
            v.Add(field, "must not be in the future");
        }

        return time;
    }

    /// <summary>
    /// Inserts one log entry for one of the caller's clients; with a request id, a retry finds the
    /// entry it already logged. Parameters $1–$3 are the firm, the client id and the request id.
    /// </summary>
    private static async Task<(long Id, DateTime Occur, DateTime Recorded)> InsertEntryAsync(
        NpgsqlConnection connection, Caller caller, string clientId, string? requestId, CancellationToken ct,
        string insertSql, string findSql, params NpgsqlParameter[] values)
    {
        await using (var insert = Command(connection, null, insertSql, [P(caller.FirmPk), P(clientId), P(requestId), .. values]))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                return (reader.GetInt64(0), reader.GetDateTime(1), reader.GetDateTime(2));
            }
        }

        if (requestId is not null)
        {
            await using var find = Command(connection, null, findSql, P(caller.FirmPk), P(clientId), P(requestId));
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return (reader.GetInt64(0), reader.GetDateTime(1), reader.GetDateTime(2));
            }
        }

        throw Fail.Build(Google.Rpc.Code.NotFound, "Client not found.", "NOT_FOUND");
    }
}
