namespace Viidakko.Grains.Domain;

/// <summary>Applies an AIP-134 update mask to a firm's profile.</summary>
public static class ProfileUpdate
{
    /// <summary><paramref name="profile"/> with the fields named in <paramref name="paths"/> taken from <paramref name="values"/>.</summary>
    public static FirmProfile Apply(FirmProfile profile, FirmProfile values, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            profile = path switch
            {
                FirmProfileFields.DisplayName => profile with { DisplayName = values.DisplayName },
                FirmProfileFields.City => profile with { City = values.City },
                FirmProfileFields.Description => profile with { Description = values.Description },
                FirmProfileFields.People => profile with { People = values.People },
                FirmProfileFields.Capabilities => profile with { Capabilities = values.Capabilities },
                FirmProfileFields.Traits => profile with { Traits = values.Traits },
                FirmProfileFields.Capacity => profile with { Capacity = values.Capacity },
                FirmProfileFields.NextFreeDate => profile with { NextFreeDate = values.NextFreeDate },
                _ => throw DomainException.Invalid("update_mask", $"'{path}' is not an updatable field"),
            };
        }

        return profile;
    }

    /// <summary>
    /// What anyone in the network may see of a firm: people's e-mail and phone are for partners only.
    /// The network's directory uses it too, so a view taken for the firm itself cannot leak there.
    /// </summary>
    public static FirmView Public(FirmView view) => view with
    {
        Visibility = FirmVisibility.Public,
        Profile = view.Profile with { People = view.Profile.People.Select(p => p with { Email = "", Phone = "" }).ToList() },
    };
}
