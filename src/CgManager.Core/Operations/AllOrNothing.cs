using CgManager.Core.Errors;

namespace CgManager.Core.Operations;

/// <summary>One step of an all-or-nothing call: it applies itself, and can put back what it changed.</summary>
internal interface IRestorable
{
    /// <summary>Makes the change; throws when the kernel refuses (what was attempted stays known to <see cref="Restore"/>).</summary>
    void Apply();

    /// <summary>Puts back what <see cref="Apply"/> changed, trying every file; says what could not be put back (empty if all was).</summary>
    IReadOnlyList<string> Restore();
}

/// <summary>
/// Runs the steps of Manager1 SetValues and Create with values (DESIGN 11): every one or none. When a step fails,
/// the steps already prepared are restored, last first, and the caller gets the original failure; if a restore
/// fails too, the call did change something it was asked not to, and the caller is told so with a distinct error
/// (<see cref="CgErrorKind.RestoreFailed"/>) naming each file left changed.
/// </summary>
internal static class AllOrNothing
{
    /// <param name="steps">Each prepares one step (its checks run here, so they may throw before anything changes).</param>
    public static void Run(IEnumerable<Func<IRestorable>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var done = new List<IRestorable>();
        try
        {
            foreach (var prepare in steps)
            {
                var step = prepare();
                done.Add(step);
                step.Apply();
            }
        }
        catch (Exception original) when (original is CgException or Linux.LinuxException)
        {
            var unrestored = new List<string>();
            for (int i = done.Count - 1; i >= 0; i--)
            {
                unrestored.AddRange(done[i].Restore());
            }

            if (unrestored.Count > 0)
            {
                throw new CgException(CgErrorKind.RestoreFailed,
                    $"{original.Message}; restoring what the call had changed failed too, so these stay changed: {string.Join("; ", unrestored)}",
                    original);
            }

            throw;
        }
    }
}
