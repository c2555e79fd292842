#pragma warning disable RS0030 // moved to Linux.Proc by the seams change
using System.Globalization;
using CgManager.Core.Errors;
using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Core.Operations;

/// <summary>
/// Pids as the requestor sees them (issue 7: identity without credentials). A task's NSpid line
/// lists its pid in each pid namespace from the daemon's down to its own; for a task in the
/// requestor's own pid namespace the last entry is its pid there.
/// </summary>
public sealed class PidTranslator
{
    private readonly ProcFs _proc;

    public PidTranslator(ProcFs proc) => _proc = proc;

    /// <summary>A host pid as the requestor sees it, or null when it cannot see the task.</summary>
    public int? ToRequestor(Caller caller, int hostPid)
    {
        if (caller.Requestor.Namespaces.SamePidNamespace)
        {
            return hostPid;
        }

        int depth = Depth(caller.Requestor.Pid);
        var nspid = Status(hostPid)?.NSpid;
        return nspid is not null && nspid.Count >= depth && InRequestorTree(caller, hostPid, nspid.Count, depth) ? nspid[depth - 1] : null;
    }

    /// <summary>The host pid of a pid the requestor gave; NoSuchProcess if no task it can see has it.</summary>
    public int ToHost(Caller caller, int pid)
    {
        if (pid <= 0)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"pid {pid} does not name a process");
        }

        if (caller.Requestor.Namespaces.SamePidNamespace)
        {
            return pid;
        }

        int depth = Depth(caller.Requestor.Pid);
        foreach (var dir in Directory.EnumerateDirectories(_proc.Root))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int host))
            {
                continue;
            }

            var nspid = Status(host)?.NSpid;
            if (nspid is not null && nspid.Count >= depth && nspid[depth - 1] == pid && InRequestorTree(caller, host, nspid.Count, depth))
            {
                return host;
            }
        }

        throw new CgException(CgErrorKind.NoSuchProcess, $"no process {pid} in the requestor's pid namespace");
    }

    /// <summary>The host pid of a pidfd the requestor passed (race-free: the fd pins the task).</summary>
    public static int FromPidfd(SafeFd pidfd)
    {
        string info;
        try
        {
            info = File.ReadAllText($"/proc/self/fdinfo/{pidfd.Fd}");
        }
        catch (IOException e)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"cannot read the pidfd: {e.Message}");
        }

        foreach (var line in info.Split('\n'))
        {
            if (line.StartsWith("Pid:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(4).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid))
            {
                return pid > 0 ? pid : throw new CgException(CgErrorKind.NoSuchProcess, "the pidfd's process has exited");
            }
        }

        throw new CgException(CgErrorKind.InvalidArgument, "the fd is not a pidfd");
    }

    /// <summary>
    /// Only tasks in the requestor's own pid namespace are named by pid: a task at the same depth in
    /// a sibling namespace, or in a namespace below some other one at that depth, can carry the same
    /// number. Tasks in namespaces nested below the requestor's are reached by pidfd instead.
    /// </summary>
    private bool InRequestorTree(Caller caller, int host, int taskDepth, int requestorDepth)
    {
        if (taskDepth != requestorDepth)
        {
            return false;
        }

        try
        {
            return _proc.GetNamespaceId(host, NamespaceKind.Pid) == _proc.GetNamespaceId(caller.Requestor.Pid, NamespaceKind.Pid);
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    private int Depth(int pid) => Status(pid)?.NSpid.Count ?? throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} does not exist");

    private ProcStatus? Status(int pid)
    {
        try
        {
            return _proc.ReadStatus(pid);
        }
        catch (Exception e) when (e is LinuxException or FormatException)
        {
            return null;
        }
    }
}
