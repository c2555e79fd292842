namespace CgManager.Core.Operations;

/// <summary>Settings of the cgroup operations, from the daemon's command line and the kernel.</summary>
public sealed record ServiceOptions
{
    /// <summary>Deepest cgroup (components below the daemon's root) that Create makes (--max-depth).</summary>
    public int MaxDepth { get; init; } = Limits.DefaultMaxDepth;

    /// <summary>Cgroups a requestor other than host root may hold beneath its own cgroup (0: no quota).</summary>
    public int QuotaCgroups { get; init; }

    /// <summary>Levels below its own cgroup a requestor other than host root may create (0: no quota).</summary>
    public int QuotaDepth { get; init; }

    /// <summary>The file where the daemon's own freezes (Kill, forced Delete) are journalled until thawed, or null for none.</summary>
    public string? FreezeJournal { get; init; }

    /// <summary>The file where RemoveOnEmpty marks are kept across a crash of the daemon, or null for none.</summary>
    public string? RemoveOnEmptyJournal { get; init; }

    /// <summary>Files a v2 Chown gives away besides the directory (/sys/kernel/cgroup/delegate).</summary>
    public IReadOnlyList<string> V2DelegateFiles { get; init; } = ["cgroup.procs", "cgroup.threads", "cgroup.subtree_control"];

    /// <summary>
    /// Where failures of background work (the remove-on-empty sweep) are told, once per cgroup: there is no request
    /// to answer with them. The daemon logs them.
    /// </summary>
    public Action<string>? ReportBackgroundFailure { get; init; }

    /// <summary>The clock of background work (the remove-on-empty sweep) and of waits; tests give a fake one to step.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Files a v1 Chown gives away besides the directory (spec §11.3).</summary>
    public IReadOnlyList<string> V1DelegateFiles { get; init; } = ["tasks", "cgroup.procs"];
}
