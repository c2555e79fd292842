using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;

namespace CgManager.Core.Operations;

/// <summary>
/// The cgroup operations of both interfaces (compat spec §3, Manager1), for a <see cref="Caller"/> whose identity
/// came from the kernel, in one family each; the families share a <see cref="CgroupContext"/> (the hierarchies, how
/// arguments resolve, how the access policy applies). This class makes them, owns the mounts and the
/// RemoveOnEmpty watcher, and takes over from a previous daemon.
/// </summary>
public sealed class CgroupService : IDisposable
{
    private readonly CgroupContext _context;

    public CgroupService(HierarchySet hierarchies, IEnumerable<MountedHierarchy> mounted, ProcessFacts facts, ServiceOptions options)
    {
        _context = new CgroupContext(hierarchies, mounted, facts, options);
        Watcher = new RemoveOnEmptyWatcher(options.ReportBackgroundFailure, time: options.Time);
        Values = new ValueOperations(_context);
        Creation = new CreateOperations(_context, Values);
        Removal = new RemoveOperations(_context, Watcher);
        Ownership = new OwnerOperations(_context);
        Tasks = new TaskOperations(_context);
        Lookup = new LookupOperations(_context);
        Lifecycle = new LifecycleOperations(_context);
        Delegation = new DelegateOperations(_context, Ownership, Values);
        Watches = new WatchOperations(_context);
        Tree = new TreeOperations(Lookup, Values);
    }

    public HierarchySet Hierarchies => _context.Hierarchies;

    public ProcessFacts Facts => _context.Facts;

    /// <summary>Removes cgroups marked with RemoveOnEmpty once they empty.</summary>
    public RemoveOnEmptyWatcher Watcher { get; }

    /// <summary>Create (compat) and Create with values (Manager1).</summary>
    public CreateOperations Creation { get; }

    /// <summary>Remove, RemoveOnEmpty, Prune (compat).</summary>
    public RemoveOperations Removal { get; }

    /// <summary>GetValue, SetValue, ListKeys (compat); GetValues, SetValues (Manager1).</summary>
    public ValueOperations Values { get; }

    /// <summary>Chown, Chmod.</summary>
    public OwnerOperations Ownership { get; }

    /// <summary>MovePid, MovePidAbs, GetTasks, GetTasksRecursive (compat); MovePid, MoveTask, ListTasks (Manager1).</summary>
    public TaskOperations Tasks { get; }

    /// <summary>GetPidCgroup, GetPidCgroupAbs, ListChildren (compat); ListChildren, Controllers (Manager1).</summary>
    public LookupOperations Lookup { get; }

    /// <summary>Freeze, Thaw, Kill, Delete (Manager1).</summary>
    public LifecycleOperations Lifecycle { get; }

    /// <summary>Delegate, Undelegate (Manager1, host root only).</summary>
    public DelegateOperations Delegation { get; }

    /// <summary>Watch, WatchPressure (Manager1).</summary>
    public WatchOperations Watches { get; }

    /// <summary>GetTree (Manager1).</summary>
    public TreeOperations Tree { get; }

    public IReadOnlyList<string> ListControllers() => Hierarchies.ListControllers();

    /// <summary>
    /// Takes over from a previous daemon on the same socket that was killed: thaws what it froze for
    /// itself, and opens the RemoveOnEmpty journal and marks again what it had been asked to remove.
    /// Called once the socket is ours (no other daemon serves it) and before serving. Returns lines for the log.
    /// </summary>
    public IReadOnlyList<string> TakeOver()
    {
        var report = Lifecycle.ThawLeftovers().Select(t => $"thawed {t}: a previous daemon froze it for a Kill or a forced Delete and stopped before thawing it").ToList();
        var marks = MarkJournal.Open(_context.Options.RemoveOnEmptyJournal);
        Watcher.UseJournal(marks);
        int restored = 0;
        foreach (var (name, cgroup) in marks.Leftovers)
        {
            if (_context.Named(name) is { } hierarchy)
            {
                try
                {
                    Watcher.Restore(hierarchy, cgroup);
                    restored++;
                }
                catch (Exception e) when (e is Linux.LinuxException or CgException)
                {
                    // Gone or out of reach: nothing left to remove there.
                }
            }
        }

        if (restored > 0)
        {
            report.Add($"marked {restored} cgroups for removal on empty again, as a previous daemon had");
        }

        return report;
    }

    public void Dispose()
    {
        Watcher.Dispose();
        foreach (var mounted in _context.Mounted)
        {
            mounted.Dispose();
        }
    }
}
