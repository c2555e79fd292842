using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Kernel;

public sealed class ProcFsTests : IDisposable
{
    private readonly TempDir _fake = new();

    public void Dispose() => _fake.Dispose();

    [Fact]
    public void Status_of_our_own_pid_is_read_and_parsed()
    {
        ProcStatus s = ProcFs.Default.ReadStatus(Environment.ProcessId);
        Assert.Equal(Environment.ProcessId, s.Tgid);
        Assert.Equal(Sys.GetUid(), s.RealUid);
        Assert.Equal(Environment.ProcessId, s.NStgid[0]);
    }

    [Fact]
    public void Cgroups_of_our_pid_equal_those_of_proc_self()
    {
        IReadOnlyList<CgroupMembership> byPid = ProcFs.Default.ReadCgroups(Environment.ProcessId);
        IReadOnlyList<CgroupMembership> bySelf = ProcFs.Default.ReadSelfCgroups();
        Assert.NotEmpty(byPid);
        Assert.Equal(byPid.Select(m => (m.HierarchyId, string.Join(',', m.Controllers), m.Path)), bySelf.Select(m => (m.HierarchyId, string.Join(',', m.Controllers), m.Path)));
    }

    [Fact]
    public void Mountinfo_has_the_root_mount_and_proc()
    {
        IReadOnlyList<MountInfoEntry> mounts = ProcFs.Default.ReadMountInfo(Environment.ProcessId);
        Assert.Contains(mounts, m => m.MountPoint == "/");
        Assert.Contains(mounts, m => m.MountPoint == "/proc" && m.FsType == "proc");
        Assert.Equal(mounts.Count, ProcFs.Default.ReadSelfMountInfo().Count);
    }

    [Fact]
    public void Proc_cgroups_lists_enabled_controllers() =>
        Assert.Contains(ProcFs.Default.ReadProcCgroups(), e => e.Enabled);

    [Fact]
    public void Id_map_text_is_returned_raw()
    {
        string uid = ProcFs.Default.ReadUidMapText(Environment.ProcessId);
        string gid = ProcFs.Default.ReadGidMapText(Environment.ProcessId);
        Assert.Equal(3, uid.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("\n", gid, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fake_root_is_read_instead_of_proc()
    {
        Directory.CreateDirectory(_fake["42"]);
        File.WriteAllText(_fake["42/status"], "Name:\tx\nTgid:\t42\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\n");
        File.WriteAllText(_fake["42/cgroup"], "0::/user.slice\n");
        File.WriteAllText(_fake["42/uid_map"], "         0     100000      65536\n");
        File.WriteAllText(_fake["cgroups"], "#subsys_name\thierarchy\tnum_cgroups\tenabled\npids\t0\t3\t1\n");
        var proc = new ProcFs(_fake.Path + "/");

        Assert.Equal(_fake.Path, proc.Root);
        Assert.Equal(1000u, proc.ReadStatus(42).RealUid);
        Assert.Equal("/user.slice", Assert.Single(proc.ReadCgroups(42)).Path);
        Assert.Equal("         0     100000      65536\n", proc.ReadUidMapText(42));
        Assert.Equal(new ProcCgroupsEntry("pids", 0, 3, true), Assert.Single(proc.ReadProcCgroups()));
    }

    [Fact]
    public void A_missing_pid_is_ESRCH_naming_it_and_a_missing_file_is_ENOENT()
    {
        Directory.CreateDirectory(_fake["42"]);
        var proc = new ProcFs(_fake.Path);

        LinuxException gone = FdAssert.Fails(Errno.ESRCH, () => proc.ReadStatus(43));
        Assert.Contains("process 43 does not exist", gone.Message, StringComparison.Ordinal);
        FdAssert.Fails(Errno.ENOENT, () => proc.ReadStatus(42));
        FdAssert.Fails(Errno.ENOENT, () => proc.GetNamespaceId(42, NamespaceKind.Cgroup));
    }

    [Fact]
    public void Malformed_text_in_a_fake_root_surfaces_as_FormatException()
    {
        Directory.CreateDirectory(_fake["42"]);
        File.WriteAllText(_fake["42/cgroup"], "garbage\n");
        Assert.Throws<FormatException>(() => new ProcFs(_fake.Path).ReadCgroups(42));
    }

    [Fact]
    public void Pids_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcFs.Default.ReadStatus(0));

    [Fact]
    public void Fdinfo_is_read_from_the_fake_roots_self()
    {
        Directory.CreateDirectory(_fake["self/fdinfo"]);
        File.WriteAllText(_fake["self/fdinfo/9"], "pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t1\nPid:\t77\nNSpid:\t77\t3\n");
        FdInfo info = new ProcFs(_fake.Path).ReadSelfFdInfo(9);
        Assert.Equal(77, info.Pid);
        Assert.Equal([77, 3], info.NSpid);
    }

    [Fact]
    public void ListPids_lists_the_numeric_folders_only()
    {
        foreach (var name in new[] { "1", "42", "self", "sys", "007x" })
        {
            Directory.CreateDirectory(_fake[name]);
        }

        File.WriteAllText(_fake["99"], ""); // a file, not a task's folder
        Assert.Equal([1, 42], new ProcFs(_fake.Path).ListPids().Order());
    }

    [Fact]
    public void ListPids_of_the_real_proc_has_our_pid() => Assert.Contains(Environment.ProcessId, ProcFs.Default.ListPids());
}
