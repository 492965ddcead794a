using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Viidakko.Api.V1;
using Viidakko.Bench.Service.Infrastructure;
using static Viidakko.Bench.Service.Infrastructure.Sql;

namespace Viidakko.Bench.Service.Services;

/// <summary>Operator calls: networks and firm registration. The rest of AdminService is UNIMPLEMENTED here.</summary>
internal sealed class AdminGrpcService(NpgsqlDataSource db, FirmKeyCache keyCache) : AdminService.AdminServiceBase
{
    public override async Task<Network> CreateNetwork(CreateNetworkRequest request, ServerCallContext context)
    {
        RequireAdmin(context);
        var v = new Violations();
        v.Id("network_id", request.NetworkId);
        var network = request.Network ?? new Network();
        v.Text("network.display_name", network.DisplayName, 200, required: true);
        v.Text("network.region", network.Region, 200);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();

        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var insert = Command(connection, null,
            """
            INSERT INTO networks (network_id, display_name, region, create_request_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT (network_id) DO NOTHING
            RETURNING create_time
            """, P(request.NetworkId), P(network.DisplayName), P(network.Region), P(requestId)))
        {
            if (await insert.ExecuteScalarAsync(ct) is DateTime created)
            {
                return new Network
                {
                    Name = Names.Network(request.NetworkId),
                    DisplayName = network.DisplayName,
                    Region = network.Region,
                    CreateTime = Timestamp.FromDateTime(created),
                };
            }
        }

        // The id is taken: a retry of the same request gets the network back (AIP-155).
        await using var existing = Command(connection, null,
            """
            SELECT n.display_name, n.region, n.create_request_id, n.create_time, (SELECT count(*) FROM firms f WHERE f.network_pk = n.id)
            FROM networks n WHERE n.network_id = $1
            """, P(request.NetworkId));
        await using var reader = await existing.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || requestId is null || reader.IsDBNull(2) || reader.GetString(2) != requestId)
        {
            Fail.AlreadyExists("NETWORK_EXISTS", $"The network '{request.NetworkId}' already exists.");
        }

        return new Network
        {
            Name = Names.Network(request.NetworkId),
            DisplayName = reader.GetString(0),
            Region = reader.GetString(1),
            CreateTime = Timestamp.FromDateTime(reader.GetDateTime(3)),
            FirmCount = (int)reader.GetInt64(4),
        };
    }

    public override async Task<RegisterFirmResponse> RegisterFirm(RegisterFirmRequest request, ServerCallContext context)
    {
        RequireAdmin(context);
        var v = new Violations();
        var network = Names.Parse(v, "parent", request.Parent, "networks");
        v.Id("firm_id", request.FirmId);
        if (request.Firm is null)
        {
            v.Add("firm", "is required");
        }

        var firm = request.Firm ?? new Firm();
        ValidateProfile(v, firm);
        var requestId = v.RequestId(request.RequestId);
        v.ThrowIfAny();
        var networkId = network![0];

        var key = ApiKeys.NewFirmKey();
        var hash = ApiKeys.Hash(key);
        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);

        // One statement: the firm, its people and its skills, or nothing when the id is taken.
        var people = firm.People;
        var skills = firm.Capabilities;
        await using (var insert = Command(connection, null,
            """
            WITH f AS (
                INSERT INTO firms (network_pk, firm_id, display_name, city, description, capacity, next_free_date, traits, api_key_hash, register_request_id)
                SELECT n.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM networks n WHERE n.network_id = $1
                ON CONFLICT (network_pk, firm_id) DO NOTHING
                RETURNING id, create_time, update_time
            ), p AS (
                INSERT INTO firm_people (firm_pk, ordinal, name, role, email, phone)
                SELECT f.id, p.ordinal, p.name, p.role, p.email, p.phone
                FROM f, unnest($11::smallint[], $12::text[], $13::text[], $14::text[], $15::text[]) AS p (ordinal, name, role, email, phone)
            ), c AS (
                INSERT INTO firm_capabilities (firm_pk, skill, level)
                SELECT f.id, c.skill, c.level FROM f, unnest($16::text[], $17::smallint[]) AS c (skill, level)
            )
            SELECT id, create_time, update_time FROM f
            """,
            P(networkId), P(request.FirmId), P(firm.DisplayName), P(firm.City), P(firm.Description), P((short)firm.Capacity),
            P(firm.NextFreeDate), P(firm.Traits.ToArray()), P(hash), P(requestId),
            P(people.Select((_, i) => (short)i).ToArray()), P(people.Select(p => p.Name).ToArray()), P(people.Select(p => p.Role).ToArray()),
            P(people.Select(p => p.Email).ToArray()), P(people.Select(p => p.Phone).ToArray()),
            P(skills.Select(s => s.Skill).ToArray()), P(skills.Select(s => (short)s.Level).ToArray())))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var registered = firm.Clone();
                registered.Name = Names.Firm(networkId, request.FirmId);
                registered.View = FirmView.Self;
                registered.Suspended = false;
                registered.CreateTime = Timestamp.FromDateTime(reader.GetDateTime(1));
                registered.UpdateTime = Timestamp.FromDateTime(reader.GetDateTime(2));
                registered.Standing = new FirmStanding();
                return new RegisterFirmResponse { Firm = registered, ApiKey = key };
            }
        }

        // Nothing was inserted: no such network, or the firm id is taken. A retry of the same
        // registration gets a NEW key (the first answer may never have arrived), as the hub does.
        long? firmPk = null;
        await using (var existing = Command(connection, null,
            """
            SELECT f.id, f.register_request_id
            FROM networks n LEFT JOIN firms f ON f.network_pk = n.id AND f.firm_id = $2
            WHERE n.network_id = $1
            """, P(networkId), P(request.FirmId)))
        await using (var reader = await existing.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                Fail.NotFound("Network");
            }

            if (!reader.IsDBNull(0) && requestId is not null && !reader.IsDBNull(1) && reader.GetString(1) == requestId)
            {
                firmPk = reader.GetInt64(0);
            }
        }

        if (firmPk is null)
        {
            Fail.AlreadyExists("FIRM_EXISTS", $"The firm '{request.FirmId}' is already registered in this network.");
        }

        await using (var rotate = Command(connection, null,
            "UPDATE firms SET api_key_hash = $2, update_time = now() WHERE id = $1", P(firmPk.Value), P(hash)))
        {
            await rotate.ExecuteNonQueryAsync(ct);
        }

        keyCache.Clear();
        return new RegisterFirmResponse { Firm = await LoadFirmAsync(connection, networkId, firmPk.Value, ct), ApiKey = key };
    }

    private static void RequireAdmin(ServerCallContext context)
    {
        if (!Caller.Of(context).IsAdmin)
        {
            Fail.Denied("ADMIN_KEY_REQUIRED", "This call needs the operator key.");
        }
    }

    private static void ValidateProfile(Violations v, Firm firm)
    {
        v.Text("firm.display_name", firm.DisplayName, 200, required: true);
        v.Text("firm.city", firm.City, 100);
        v.Text("firm.description", firm.Description, 2000);
        if (firm.People.Count > 50)
        {
            v.Add("firm.people", "must list at most 50 people");
        }

        for (var i = 0; i < firm.People.Count; i++)
        {
            var person = firm.People[i];
            v.Text($"firm.people[{i}].name", person.Name, 200, required: true);
            v.Text($"firm.people[{i}].role", person.Role, 200);
            v.Text($"firm.people[{i}].email", person.Email, 254);
            v.Text($"firm.people[{i}].phone", person.Phone, 50);
        }

        if (firm.Capabilities.Count > 30)
        {
            v.Add("firm.capabilities", "must list at most 30 skills");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < firm.Capabilities.Count; i++)
        {
            var capability = firm.Capabilities[i];
            if (v.Id($"firm.capabilities[{i}].skill", capability.Skill) && !seen.Add(capability.Skill))
            {
                v.Add($"firm.capabilities[{i}].skill", "is listed twice");
            }

            v.Range($"firm.capabilities[{i}].level", capability.Level, 1, 5);
        }

        if (firm.Traits.Count > 20)
        {
            v.Add("firm.traits", "must list at most 20 traits");
        }

        for (var i = 0; i < firm.Traits.Count; i++)
        {
            v.Id($"firm.traits[{i}]", firm.Traits[i]);
        }

        v.Enum("firm.capacity", firm.Capacity, required: false);
        v.Date("firm.next_free_date", firm.NextFreeDate);
    }

    private static async Task<Firm> LoadFirmAsync(NpgsqlConnection connection, string networkId, long firmPk, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Statement(
                    """
                    SELECT firm_id, display_name, city, description, capacity, next_free_date, traits, suspended, create_time, update_time
                    FROM firms WHERE id = $1
                    """, P(firmPk)),
                Statement("SELECT name, role, email, phone FROM firm_people WHERE firm_pk = $1 ORDER BY ordinal", P(firmPk)),
                Statement("SELECT skill, level FROM firm_capabilities WHERE firm_pk = $1 ORDER BY skill", P(firmPk)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            Fail.NotFound("Firm");
        }

        var firm = new Firm
        {
            Name = Names.Firm(networkId, reader.GetString(0)),
            DisplayName = reader.GetString(1),
            City = reader.GetString(2),
            Description = reader.GetString(3),
            Capacity = (Capacity)reader.GetInt16(4),
            NextFreeDate = reader.GetString(5),
            Suspended = reader.GetBoolean(7),
            View = FirmView.Self,
            CreateTime = Timestamp.FromDateTime(reader.GetDateTime(8)),
            UpdateTime = Timestamp.FromDateTime(reader.GetDateTime(9)),
            Standing = new FirmStanding(),
        };
        firm.Traits.AddRange(reader.GetFieldValue<string[]>(6));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            firm.People.Add(new Person { Name = reader.GetString(0), Role = reader.GetString(1), Email = reader.GetString(2), Phone = reader.GetString(3) });
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            firm.Capabilities.Add(new Capability { Skill = reader.GetString(0), Level = reader.GetInt16(1) });
        }

        return firm;
    }
}
