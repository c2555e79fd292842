using CgManager.Core.Errors;

namespace CgManager.Core.Hierarchies;

/// <summary>Parses the <c>controller</c> argument (spec §2.2).</summary>
public static class ControllerSelector
{
    /// <summary>The token that expands to every managed hierarchy.</summary>
    public const string All = "all";

    /// <summary>
    /// Selects hierarchies for <paramref name="method"/>.
    /// <list type="bullet">
    /// <item>A token is a kernel controller (<c>memory</c>), a name (<c>name=systemd</c> or <c>systemd</c>) or
    /// <c>unified</c>.</item>
    /// <item>A comma list is comount-pruned: a token whose hierarchy an earlier token already selected is dropped
    /// (<c>cpu,cpuacct,memory</c> on a <c>cpu,cpuacct</c> co-mount → cpu, memory). One trailing comma is
    /// tolerated; other empty tokens are refused.</item>
    /// <item><c>all</c> selects every managed hierarchy, sorted; it is refused by single-hierarchy methods.</item>
    /// <item>Single-hierarchy methods need the pruned list to name exactly one hierarchy, so the ListControllers
    /// entry <c>cpu,cpuacct</c> works.</item>
    /// </list>
    /// </summary>
    /// <exception cref="CgException">InvalidController: unknown or skipped controller, empty token, wrong count.</exception>
    public static ControllerSelection Select(HierarchySet hierarchies, string argument, CgMethod method)
    {
        ArgumentNullException.ThrowIfNull(hierarchies);
        ArgumentNullException.ThrowIfNull(argument);
        bool multi = CgMethods.IsMultiHierarchy(method);
        if (argument == All)
        {
            if (!multi)
            {
                throw Invalid($"'all' selects several hierarchies and {method} works on one");
            }

            return new ControllerSelection(hierarchies.Managed, IsListMode: true);
        }

        string list = argument.EndsWith(',') ? argument[..^1] : argument;
        bool isList = argument.Contains(',', StringComparison.Ordinal);
        var selected = new List<Hierarchy>();
        foreach (string token in list.Split(','))
        {
            if (token.Length == 0)
            {
                throw Invalid(argument.Length == 0 ? "the controller argument is empty" : $"'{argument}' has an empty controller name");
            }

            if (token == All)
            {
                throw Invalid($"'all' cannot be part of a list ('{argument}')");
            }

            if (!hierarchies.TryFind(token, out Hierarchy? hierarchy))
            {
                throw hierarchies.TryFindSkipped(token, out Hierarchy? skipped)
                    ? Invalid($"controller '{token}' ({skipped.ListName}) is not managed by this daemon (skipped with -M)")
                    : Invalid($"unknown controller '{token}'; known: {string.Join(' ', hierarchies.ListNames())}");
            }

            if (!selected.Contains(hierarchy))
            {
                selected.Add(hierarchy);
            }
        }

        if (!multi && selected.Count != 1)
        {
            throw Invalid($"'{argument}' names {selected.Count} hierarchies ({string.Join(", ", selected)}) and {method} works on one");
        }

        return new ControllerSelection(selected, isList);
    }

    private static CgException Invalid(string detail) => new(CgErrorKind.InvalidController, detail);
}
