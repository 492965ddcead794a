using System.Collections;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Viidakko.Hosting;

/// <summary>
/// The documented environment variables (<c>VIIDAKKO_DATA_DIR</c>, <c>VIIDAKKO_LISTEN</c>, ...) as
/// configuration keys of the section <c>Viidakko</c> (<c>Viidakko:DataDir</c>, <c>Viidakko:Listen</c>).
/// Added last, so an environment variable wins over appsettings.json and the command line.
/// </summary>
public sealed class ViidakkoEnvironment : IConfigurationSource
{
    /// <summary>The prefix of every Viidakko environment variable.</summary>
    public const string Prefix = "VIIDAKKO_";

    /// <summary>The configuration section every Viidakko setting lives in.</summary>
    public const string Section = "Viidakko";

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider();

    /// <summary><c>VIIDAKKO_DATA_DIR</c> → <c>Viidakko:DataDir</c>.</summary>
    public static string KeyOf(string variable)
    {
        var name = new StringBuilder(Section).Append(':');
        foreach (var word in variable[Prefix.Length..].Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word[1..].ToLowerInvariant());
        }

        return name.ToString();
    }

    /// <summary><c>Viidakko:DataDir</c> → <c>VIIDAKKO_DATA_DIR</c>, for messages that name a setting.</summary>
    public static string VariableOf(string key)
    {
        var name = key.StartsWith(Section + ":", StringComparison.Ordinal) ? key[(Section.Length + 1)..] : key;
        var variable = new StringBuilder(Prefix);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                variable.Append('_');
            }

            variable.Append(char.ToUpperInvariant(name[i]));
        }

        return variable.ToString();
    }

    /// <summary>How a setting is named in messages: both its configuration key and its variable.</summary>
    public static string Describe(string property) => $"{Section}:{property} ({VariableOf(property)})";

    private sealed class Provider : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                if (entry.Key is string variable && variable.StartsWith(Prefix, StringComparison.Ordinal)
                    && variable.Length > Prefix.Length && entry.Value is string { Length: > 0 } value)
                {
                    data[KeyOf(variable)] = value;
                }
            }

            Data = data;
        }
    }
}
