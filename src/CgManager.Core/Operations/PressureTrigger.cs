using CgManager.Core.Errors;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// What a pressure watch asks the kernel for (PSI triggers, Documentation/accounting/psi.rst): notify when the
/// tasks of a cgroup stall on <see cref="Resource"/> (some of them, or all: <see cref="Kind"/>) for more than
/// <see cref="ThresholdUs"/> within any <see cref="WindowUs"/>.
/// </summary>
public sealed record PressureSpec(string Resource, string Kind, uint ThresholdUs, uint WindowUs)
{
    /// <summary>The kernel's bounds on a trigger's window.</summary>
    public const uint MinWindowUs = 500_000;

    public const uint MaxWindowUs = 10_000_000;

    /// <summary>A requestor other than host root gets what the kernel gives unprivileged users: windows in whole multiples of 2 s.</summary>
    public const uint UnprivilegedWindowStepUs = 2_000_000;

    public static readonly IReadOnlyList<string> Resources = ["cpu", "memory", "io"];

    /// <summary>Checks the request as the kernel would, and as it would for an unprivileged user when the requestor is one.</summary>
    public void Validate(bool privileged)
    {
        if (!Resources.Contains(Resource))
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"pressure resource '{Resource}' is not one of cpu, memory, io");
        }

        if (Kind is not ("some" or "full"))
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"pressure kind '{Kind}' is not some or full");
        }

        if (WindowUs is < MinWindowUs or > MaxWindowUs)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"window_us {WindowUs} is outside {MinWindowUs}..{MaxWindowUs} (0.5 s to 10 s)");
        }

        if (ThresholdUs == 0 || ThresholdUs > WindowUs)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"threshold_us {ThresholdUs} must be more than 0 and at most window_us {WindowUs}");
        }

        if (!privileged && WindowUs % UnprivilegedWindowStepUs != 0)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"window_us {WindowUs}: a requestor other than host root gets windows in multiples of 2 s (2000000), as the kernel gives unprivileged users");
        }
    }

    /// <summary>What is written to the pressure file.</summary>
    public string TriggerText => $"{Kind} {ThresholdUs} {WindowUs}";
}

/// <summary>An armed PSI trigger: the pressure file, open, that polls POLLPRI each time the stall passes the threshold.</summary>
public sealed class PressureTrigger : IDisposable
{
    internal PressureTrigger(string cgroup, PressureSpec spec, SafeFd fd)
    {
        Cgroup = cgroup;
        Spec = spec;
        Fd = fd;
    }

    /// <summary>The cgroup as the requestor named it.</summary>
    public string Cgroup { get; }

    public PressureSpec Spec { get; }

    public SafeFd Fd { get; }

    public void Dispose() => Fd.Dispose();
}
