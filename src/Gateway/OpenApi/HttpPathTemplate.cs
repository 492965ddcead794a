namespace Viidakko.Gateway.OpenApi;

/// <summary>
/// A <c>google.api.http</c> path template as OpenAPI writes it: each variable's pattern spelled out
/// with a named parameter per <c>*</c> (<c>/v1/{name=networks/*/firms/*}:accept</c> becomes
/// <c>/v1/networks/{network}/firms/{firm}:accept</c>, parameters <c>network</c> and <c>firm</c>).
/// </summary>
public sealed record HttpPathTemplate(string Path, IReadOnlyList<string> Parameters, IReadOnlyList<string> BoundFields)
{
    /// <summary>Reads <paramref name="template"/>; <see cref="BoundFields"/> are the request fields the path carries.</summary>
    public static HttpPathTemplate Parse(string template)
    {
        var path = new System.Text.StringBuilder();
        var parameters = new List<string>();
        var fields = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] != '{')
            {
                path.Append(template[i++]);
                continue;
            }

            var end = template.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"Unclosed variable in '{template}'.");
            }

            var variable = template[(i + 1)..end];
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            var field = equals < 0 ? variable : variable[..equals];
            var pattern = equals < 0 ? "*" : variable[(equals + 1)..];
            fields.Add(field);
            var segments = pattern.Split('/');
            for (var s = 0; s < segments.Length; s++)
            {
                if (s > 0)
                {
                    path.Append('/');
                }

                if (segments[s] is "*" or "**")
                {
                    // Named after the collection before it (networks/* is a network), else after the field.
                    var name = s > 0 ? Singular(segments[s - 1]) : field.Replace('.', '_');
                    while (parameters.Contains(name))
                    {
                        name += "_";
                    }

                    parameters.Add(name);
                    path.Append('{').Append(name).Append('}');
                }
                else
                {
                    path.Append(segments[s]);
                }
            }

            i = end + 1;
        }

        return new HttpPathTemplate(path.ToString(), parameters, fields);
    }

    private static string Singular(string collection) =>
        collection.EndsWith("ies", StringComparison.Ordinal) ? collection[..^3] + "y"
        : collection.EndsWith('s') ? collection[..^1]
        : collection;
}
