namespace CgManager.Core.Operations;

/// <summary>What Create found: the edge encodes it (compat <c>existed</c> 1 / -1, Scm '2' / '1', Manager1 <c>created</c>).</summary>
public enum CreateOutcome
{
    /// <summary>This call made the cgroup (in at least one hierarchy, none had it).</summary>
    Created,

    /// <summary>The cgroup was there already in at least one hierarchy.</summary>
    Existed,
}

/// <summary>What Remove found.</summary>
public enum RemoveOutcome
{
    /// <summary>The cgroup existed (in at least one hierarchy) and this call removed it.</summary>
    Removed,

    /// <summary>There was nothing to remove.</summary>
    Absent,
}
