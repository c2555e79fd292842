using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>
/// A validated <c>cgroup</c> argument: whether it started with <c>/</c>, and its components.
/// </summary>
/// <remarks>
/// Rules, for every group: no <c>..</c> substring anywhere (spec §2.3, so <c>a..b</c> is refused too), no NUL,
/// no <c>.</c> component, no component over <see cref="Limits.MaxNameLength"/>, shorter than
/// <see cref="Limits.MaxPathLength"/>; backslashes are ordinary characters. A single trailing slash is ignored.
/// Empty components in the middle (<c>a//b</c>, or <c>//a</c>) are collapsed only for the groups where the reference
/// documents them as harmless (Creation, Owner, Removal); Lookup, MovePid and MovePidAbs refuse them.
/// MovePid refuses a leading slash. Components starting with <c>.cgm</c> are the daemon's (<see cref="ReservedNames"/>).
/// </remarks>
public readonly record struct CgroupArgument(bool IsAbsolute, CgroupPath Relative)
{
    /// <summary>True if the argument names no components ("" or "/").</summary>
    public bool IsEmpty => Relative.IsRoot;

    /// <summary>Validates <paramref name="argument"/> for <paramref name="group"/>.</summary>
    /// <exception cref="CgException">InvalidCgroupName, saying what is wrong.</exception>
    public static CgroupArgument Parse(string argument, MethodGroup group)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length >= Limits.MaxPathLength)
        {
            throw Invalid($"cgroup argument is {argument.Length} characters; the limit is {Limits.MaxPathLength - 1}");
        }

        if (argument.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid("cgroup argument contains a NUL character");
        }

        if (argument.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid($"'{argument}' contains '..'");
        }

        bool absolute = argument.StartsWith('/');
        if (absolute && group == MethodGroup.MovePid)
        {
            throw Invalid($"MovePid takes a cgroup relative to the requestor's, and '{argument}' starts with '/' (MovePidAbs takes that form)");
        }

        string rest = absolute ? argument[1..] : argument;
        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        bool collapse = group is MethodGroup.Creation or MethodGroup.Owner or MethodGroup.Removal;
        var components = new List<string>();
        if (rest.Length > 0)
        {
            foreach (string part in rest.Split('/'))
            {
                if (part.Length == 0)
                {
                    if (collapse)
                    {
                        continue;
                    }

                    throw Invalid($"'{argument}' has an empty path component");
                }

                if (CgroupPath.CheckComponent(part) is { } reason)
                {
                    throw Invalid($"'{argument}': {reason}");
                }

                if (ReservedNames.WhyReserved(part) is { } reserved)
                {
                    throw Invalid(reserved);
                }

                components.Add(part);
            }
        }

        return new CgroupArgument(absolute, CgroupPath.FromComponents(components));
    }

    private static CgException Invalid(string detail) => new(CgErrorKind.InvalidCgroupName, detail);
}
