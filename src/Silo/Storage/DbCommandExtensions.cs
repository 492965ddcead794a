using System.Data.Common;
using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

internal static class DbCommandExtensions
{
    public static DbParameter AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
