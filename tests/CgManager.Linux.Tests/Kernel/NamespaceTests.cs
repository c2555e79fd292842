using System.Diagnostics;
using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Kernel;

public class NamespaceTests
{
    public static TheoryData<NamespaceKind> Kinds => new(Enum.GetValues<NamespaceKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Namespace_ids_of_our_pid_equal_those_of_proc_self_and_of_an_ns_fd(NamespaceKind kind)
    {
        NamespaceId byPid = ProcFs.Default.GetNamespaceId(Environment.ProcessId, kind);
        NamespaceId bySelf = ProcFs.Default.GetSelfNamespaceId(kind);
        using SafeFd fd = Sys.Open($"/proc/self/ns/{NamespaceId.FileName(kind)}", OpenFlags.O_RDONLY);

        Assert.Equal(byPid, bySelf);
        Assert.Equal(bySelf, NamespaceId.FromFd(fd));
        Assert.Equal(FsMagic.NSFS_MAGIC, Sys.FstatFsType(fd));
    }

    [Fact]
    public void Different_kinds_have_different_ids() =>
        Assert.NotEqual(ProcFs.Default.GetSelfNamespaceId(NamespaceKind.Pid), ProcFs.Default.GetSelfNamespaceId(NamespaceKind.User));

    [Fact]
    public void Namespace_of_a_process_that_has_gone_is_ESRCH_naming_the_pid()
    {
        int pid;
        using (Process p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            p.WaitForExit();
            pid = p.Id;
        }

        LinuxException e = FdAssert.Fails(Errno.ESRCH, () => ProcFs.Default.GetNamespaceId(pid, NamespaceKind.Pid));
        Assert.Contains($"process {pid} does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unshare_mount_and_umount_act_in_a_private_mount_namespace_only()
    {
        using var tmp = new TempDir();
        NamespaceId host = ProcFs.Default.GetSelfNamespaceId(NamespaceKind.Mount);
        Exception? failure = null;

        // unshare(CLONE_NEWNS) affects the calling thread only (it implies CLONE_FS); a dedicated
        // thread that then ends takes the private namespace, and its mounts, with it.
        var thread = new Thread(() =>
        {
            try
            {
                Sys.Unshare(CloneFlags.CLONE_NEWNS);
                Assert.NotEqual(host, ThreadMountNs());

                // Before mounting anything: stop propagation back to the host.
                Sys.Mount(null, "/", null, MountFlags.MS_REC | MountFlags.MS_PRIVATE);
                Sys.Mount("cgm-test", tmp.Path, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=64k,mode=0700");
                Assert.Equal(FsMagic.TMPFS_MAGIC, Sys.StatFsType(tmp.Path));

                Sys.Umount2(tmp.Path, UnmountFlags.MNT_DETACH);
                Assert.NotEqual(FsMagic.TMPFS_MAGIC, Sys.StatFsType(tmp.Path));

                // And back to the host's namespace through an fd of it.
                using SafeFd hostNs = Sys.Open($"/proc/{Environment.ProcessId}/ns/mnt", OpenFlags.O_RDONLY);
                Sys.SetNs(hostNs, CloneFlags.CLONE_NEWNS);
                Assert.Equal(host, ThreadMountNs());
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.NotEqual(FsMagic.TMPFS_MAGIC, Sys.StatFsType(tmp.Path));
        Assert.Equal(host, ProcFs.Default.GetSelfNamespaceId(NamespaceKind.Mount));
    }

    [Fact]
    public void Mount_failure_names_source_target_and_type()
    {
        LinuxException e = FdAssert.Fails(Errno.ENOENT, () => Sys.Mount("src", "/nonexistent-cgm-test", "tmpfs", MountFlags.None));
        Assert.Contains("src on /nonexistent-cgm-test (tmpfs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pivot_root_reaches_the_kernel_and_reports_its_errno() =>
        FdAssert.Fails(Errno.ENOENT, () => Sys.PivotRoot("/nonexistent-cgm-test", "/nonexistent-cgm-test/old"));

    [Fact]
    public void Setns_with_a_non_namespace_fd_is_EINVAL()
    {
        using SafeFd fd = Sys.Open("/proc/self/status", OpenFlags.O_RDONLY);
        FdAssert.Fails(Errno.EINVAL, () => Sys.SetNs(fd, CloneFlags.CLONE_NEWNS));
    }

    private static NamespaceId ThreadMountNs()
    {
        FileStatus st = Sys.Stat("/proc/thread-self/ns/mnt");
        return new NamespaceId(st.Device, st.Inode);
    }
}
