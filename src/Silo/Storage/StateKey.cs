using System.Data.Common;
using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

/// <summary>The primary key of one row of <c>grain_state</c>.</summary>
internal readonly record struct StateKey(string StateName, string GrainType, string GrainKey)
{
    public static StateKey From(string stateName, GrainId grainId) =>
        new(stateName, grainId.Type.ToString()!, grainId.Key.ToString()!);

    public void AddParametersTo(DbCommand command)
    {
        command.AddParameter("@state_name", StateName);
        command.AddParameter("@grain_type", GrainType);
        command.AddParameter("@grain_key", GrainKey);
    }

    public void SetParametersOf(DbCommand command)
    {
        command.Parameters["@state_name"].Value = StateName;
        command.Parameters["@grain_type"].Value = GrainType;
        command.Parameters["@grain_key"].Value = GrainKey;
    }

    public override string ToString() => $"'{StateName}' of {GrainType}/{GrainKey}";
}
