using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

public class ProcStatusTests
{
    // `cat /proc/self/status` on the 6.18 test machine, verbatim.
    private const string ThisMachine =
        "Name:\tcat\n" +
        "Umask:\t0022\n" +
        "State:\tR (running)\n" +
        "Tgid:\t4568\n" +
        "Ngid:\t0\n" +
        "Pid:\t4568\n" +
        "PPid:\t4566\n" +
        "TracerPid:\t0\n" +
        "Uid:\t0\t0\t0\t0\n" +
        "Gid:\t0\t0\t0\t0\n" +
        "FDSize:\t256\n" +
        "Groups:\t \n" +
        "NStgid:\t4568\n" +
        "NSpid:\t4568\n" +
        "NSpgid:\t4566\n" +
        "NSsid:\t2986\n" +
        "Kthread:\t0\n" +
        "VmPeak:\t    3060 kB\n" +
        "VmSize:\t    3060 kB\n" +
        "VmLck:\t       0 kB\n" +
        "VmPin:\t       0 kB\n" +
        "VmHWM:\t    1620 kB\n" +
        "VmRSS:\t    1620 kB\n" +
        "RssAnon:\t     116 kB\n" +
        "RssFile:\t    1504 kB\n" +
        "RssShmem:\t       0 kB\n" +
        "VmData:\t     360 kB\n" +
        "VmStk:\t     132 kB\n" +
        "VmExe:\t      20 kB\n" +
        "VmLib:\t    1528 kB\n" +
        "VmPTE:\t      48 kB\n" +
        "VmSwap:\t       0 kB\n" +
        "HugetlbPages:\t       0 kB\n" +
        "CoreDumping:\t0\n" +
        "THP_enabled:\t1\n" +
        "untag_mask:\t0xffffffffffffffff\n" +
        "Threads:\t1\n" +
        "SigQ:\t0/96365\n" +
        "SigPnd:\t0000000000000000\n" +
        "ShdPnd:\t0000000000000000\n" +
        "SigBlk:\t0000000000000000\n" +
        "SigIgn:\t0000000000000000\n" +
        "SigCgt:\t0000000000000000\n" +
        "CapInh:\t0000000000000000\n" +
        "CapPrm:\t000001fffeffffff\n" +
        "CapEff:\t000001fffeffffff\n" +
        "CapBnd:\t000001fffeffffff\n" +
        "CapAmb:\t0000000000000000\n" +
        "NoNewPrivs:\t0\n" +
        "Seccomp:\t0\n" +
        "Seccomp_filters:\t0\n" +
        "Speculation_Store_Bypass:\tvulnerable\n" +
        "SpeculationIndirectBranch:\talways enabled\n" +
        "Cpus_allowed:\t3\n" +
        "Cpus_allowed_list:\t0-1\n" +
        "Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001\n" +
        "Mems_allowed_list:\t0\n" +
        "voluntary_ctxt_switches:\t0\n" +
        "nonvoluntary_ctxt_switches:\t1\n";

    // A task two pid namespaces deep, with distinct real/effective/saved/fs ids.
    private const string NestedPidNs =
        "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t31337\nNgid:\t0\nPid:\t31338\nPPid:\t31000\n" +
        "TracerPid:\t0\nUid:\t1000\t1001\t1002\t1003\nGid:\t100\t101\t102\t103\nFDSize:\t64\nGroups:\t27 100 \n" +
        "NStgid:\t31337\t12\t1\nNSpid:\t31338\t13\t2\nNSpgid:\t31000\t1\t1\nNSsid:\t31000\t1\t1\n";

    // 3.x kernels (no NSpid/NStgid lines).
    private const string OldKernel =
        "Name:\tinit\nState:\tS (sleeping)\nTgid:\t1\nNgid:\t0\nPid:\t1\nPPid:\t0\nTracerPid:\t0\n" +
        "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t\nVmPeak:\t   33688 kB\n";

    [Fact]
    public void Status_of_this_machine_parses()
    {
        ProcStatus s = ProcStatus.Parse(ThisMachine);
        Assert.Equal(4568, s.Tgid);
        Assert.Equal(4566, s.PPid);
        Assert.Equal([0u, 0u, 0u, 0u], s.Uids);
        Assert.Equal([0u, 0u, 0u, 0u], s.Gids);
        Assert.Equal([4568], s.NSpid);
        Assert.Equal([4568], s.NStgid);
        Assert.Equal(0u, s.RealUid);
    }

    [Fact]
    public void Real_effective_saved_and_fs_ids_keep_their_order()
    {
        ProcStatus s = ProcStatus.Parse(NestedPidNs);
        Assert.Equal([1000u, 1001u, 1002u, 1003u], s.Uids);
        Assert.Equal([100u, 101u, 102u, 103u], s.Gids);
        Assert.Equal(1000u, s.RealUid);
        Assert.Equal(1001u, s.EffectiveUid);
        Assert.Equal(100u, s.RealGid);
    }

    [Fact]
    public void NSpid_lists_outermost_namespace_first()
    {
        ProcStatus s = ProcStatus.Parse(NestedPidNs);
        Assert.Equal(31337, s.Tgid);
        Assert.Equal([31338, 13, 2], s.NSpid);
        Assert.Equal([31337, 12, 1], s.NStgid);
    }

    [Fact]
    public void Missing_NSpid_on_old_kernels_means_only_the_tgid()
    {
        ProcStatus s = ProcStatus.Parse(OldKernel);
        Assert.Equal(1, s.Tgid);
        Assert.Equal(0, s.PPid);
        Assert.Equal([1], s.NSpid);
        Assert.Equal([1], s.NStgid);
    }

    [Fact]
    public void Text_without_final_newline_parses()
    {
        ProcStatus s = ProcStatus.Parse("Tgid:\t7\nPPid:\t1\nUid:\t5 5 5 5\nGid:\t6\t6\t6\t6");
        Assert.Equal(7, s.Tgid);
        Assert.Equal(6u, s.RealGid);
    }

    [Theory]
    [InlineData("PPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "no \"Tgid:\" line")]
    [InlineData("Tgid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "no \"PPid:\" line")]
    [InlineData("Tgid:\t1\nPPid:\t0\nGid:\t0\t0\t0\t0\n", "no \"Uid:\" line")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\n", "no \"Gid:\" line")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 3: expected 4 ids")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 3: expected 4 ids")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t-1\t0\t0\nGid:\t0\t0\t0\t0\n", "line 3: id 2 (\"-1\")")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t4294967296\nGid:\t0\t0\t0\t0\n", "line 3: id 4 (\"4294967296\")")]
    [InlineData("Tgid:\tx\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 1: expected one positive number")]
    [InlineData("Tgid:\t0\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 1: expected one positive number")]
    [InlineData("Tgid:\t1 2\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 1: expected one positive number")]
    [InlineData("Tgid:\t1\nPPid:\t-3\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 2: expected one non-negative number")]
    [InlineData("Tgid:\t1\nTgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n", "line 2: key appears twice")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t\n", "line 5: expected at least one pid")]
    [InlineData("Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t5\t0\n", "line 5: pid 2 (\"0\")")]
    [InlineData("Tgid:\t1\n\nPPid:\t0\n", "line 2: expected \"Key: value\"")]
    [InlineData("Tgid 1\n", "line 1: expected \"Key: value\"")]
    [InlineData("", "no \"Tgid:\" line")]
    public void Malformed_status_is_a_FormatException_naming_the_problem(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => ProcStatus.Parse(text));
        Assert.Contains("/proc/PID/status", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
