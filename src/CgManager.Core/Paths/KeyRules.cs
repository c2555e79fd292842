using System.Collections.Frozen;
using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>
/// The rules for GetValue/SetValue keys (spec §11.2, S-1 and S-9) and the Chmod <c>file</c> argument (§5.1).
/// </summary>
public static class KeyRules
{
    /// <summary>
    /// Files SetValue never writes: task moves go through MovePid, where the checks are, and the
    /// hierarchy-wide release settings belong to the daemon. The hyphenated names are the reference's
    /// misspelt entries (S-9), kept so nothing it refused becomes writable.
    /// </summary>
    public static FrozenSet<string> SetValueDenyList { get; } = new[]
    {
        "tasks", "cgroup.procs", "cgroup.threads",
        "release_agent", "notify_on_release",
        "release-agent", "notify-on-release",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Why <paramref name="key"/> cannot name a file in a cgroup directory, or null if it can.</summary>
    public static string? CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key switch
        {
            "" => "the key is empty",
            "." or ".." => $"the key '{key}' is not a file name",
            _ when key.Contains('/', StringComparison.Ordinal) => $"the key '{key}' contains '/'",
            _ when key.Contains('\0', StringComparison.Ordinal) => "the key contains a NUL character",
            _ when key.Length > Limits.MaxNameLength => $"the key is longer than {Limits.MaxNameLength} characters",
            _ => null,
        };
    }

    /// <summary>Validates a GetValue key (S-1): not empty, not <c>.</c>/<c>..</c>, no <c>/</c>, no NUL.</summary>
    /// <exception cref="CgException">InvalidKey.</exception>
    public static void ValidateKey(string key)
    {
        if (CheckKey(key) is { } reason)
        {
            throw new CgException(CgErrorKind.InvalidKey, reason);
        }
    }

    /// <summary>Validates a SetValue key: <see cref="ValidateKey"/>, and not on <see cref="SetValueDenyList"/>.</summary>
    /// <exception cref="CgException">InvalidKey.</exception>
    public static void ValidateSetValueKey(string key)
    {
        ValidateKey(key);
        if (SetValueDenyList.Contains(key))
        {
            throw new CgException(CgErrorKind.InvalidKey,
                $"'{key}' cannot be written with SetValue" + (IsTaskFile(key) ? "; use MovePid" : string.Empty));
        }
    }

    /// <summary>
    /// Validates the Chmod <c>file</c> argument: "" means the cgroup directory itself; otherwise one file name
    /// with no <c>/</c> or <c>\</c> (spec §5.1), and, beyond the reference, not <c>.</c> or <c>..</c>
    /// (which would reach the directory or its parent) and no NUL.
    /// </summary>
    /// <exception cref="CgException">InvalidKey.</exception>
    public static void ValidateChmodFile(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            return;
        }

        if (file.Contains('\\', StringComparison.Ordinal))
        {
            throw new CgException(CgErrorKind.InvalidKey, $"the file name '{file}' contains '\\'");
        }

        ValidateKey(file);
    }

    /// <summary>Validates a Chmod mode: permission and special bits only (0 to 07777).</summary>
    /// <exception cref="CgException">InvalidArgument.</exception>
    public static void ValidateChmodMode(int mode)
    {
        if (mode is < 0 or > 0xFFF)
        {
            throw new CgException(CgErrorKind.InvalidArgument,
                $"mode {mode} is not a permission mode between 0 and 07777 (octal)");
        }
    }

    private static bool IsTaskFile(string key) => key is "tasks" or "cgroup.procs" or "cgroup.threads";
}
