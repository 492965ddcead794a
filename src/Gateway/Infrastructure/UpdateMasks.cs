using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>AIP-134 update masks.</summary>
internal static class UpdateMasks
{
    /// <summary>The mask's paths, all checked against <paramref name="allowed"/>; <c>*</c> means all of them.</summary>
    public static IReadOnlySet<string> Paths(Violations v, Google.Protobuf.WellKnownTypes.FieldMask? mask, IReadOnlySet<string> allowed)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            v.Add("update_mask", "is required: name the fields to change, or '*' for all");
            return new HashSet<string>();
        }

        if (mask.Paths.Count == 1 && mask.Paths[0] == "*")
        {
            return allowed;
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in mask.Paths)
        {
            if (!allowed.Contains(path))
            {
                v.Add("update_mask", $"'{path}' is not an updatable field (allowed: {string.Join(", ", allowed.Order())})");
            }
            else
            {
                paths.Add(path);
            }
        }

        return paths;
    }
}
