using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Hierarchies;

public class HierarchyDiscoveryTests
{
    [Fact]
    public void This_machines_layout_gives_one_hierarchy_per_v1_controller_plus_systemd_and_hugetlb_on_v2()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.ThisMachine(), DiscoveryOptions.None);
        Assert.Equal(
            ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory", "name=systemd", "net_cls", "net_prio", "perf_event", "pids"],
            set.ListControllers());
        Assert.Equal(set.ListControllers(), set.AllRepresentatives());

        Hierarchy memory = Single(set, "memory");
        Assert.Equal("/sys/fs/cgroup/memory", memory.MountPoint);
        Assert.Equal(CgroupPath.Root, memory.MountRoot);
        Assert.True(memory.IsPremounted);
        Assert.False(memory.IsUnified);

        Hierarchy unified = Assert.IsType<Hierarchy>(set.Unified);
        Assert.Equal("/sys/fs/cgroup/unified", unified.MountPoint);
        Assert.Equal(["hugetlb"], unified.Controllers);
        Assert.Same(unified, Single(set, "hugetlb"));
        Assert.Same(unified, Single(set, "unified"));

        Hierarchy systemd = Single(set, "name=systemd");
        Assert.Equal("systemd", systemd.Name);
        Assert.Equal("/sys/fs/cgroup/systemd", systemd.MountPoint);

        // enabled but unmounted v1 controllers are for the daemon to mount fresh
        foreach (string fresh in new[] { "net_cls", "net_prio", "perf_event" })
        {
            Hierarchy h = Single(set, fresh);
            Assert.Null(h.MountPoint);
            Assert.False(h.IsPremounted);
        }
    }

    [Fact]
    public void The_daemons_non_root_memory_cgroup_is_found_through_the_root_mount()
    {
        DiscoveryFacts facts = Layouts.ThisMachine();
        HierarchySet set = HierarchyDiscovery.Discover(facts, DiscoveryOptions.None);
        Hierarchy memory = Single(set, "memory");
        CgroupPath own = MembershipResolver.Find(facts.DaemonMembership, memory, 1);
        Assert.Equal("/process_api/29acda3255a6808b8d0a742dc8bb4e92", own.ToString());
        Assert.True(memory.TryGetMountRelativePath(own, out string relative));
        Assert.Equal("process_api/29acda3255a6808b8d0a742dc8bb4e92", relative);
        Assert.Equal(CgroupPath.Root, MembershipResolver.Find(facts.DaemonMembership, Single(set, "cpu"), 1));
    }

    [Fact]
    public void An_empty_cgroup2_is_not_listed_as_0_42_did_but_is_still_managed_and_named_unified()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.ThisMachine(withUnifiedControllers: false), DiscoveryOptions.None);
        Assert.DoesNotContain("unified", set.ListControllers());
        Assert.Contains("unified", set.ListNames());
        Assert.Contains("unified", set.AllRepresentatives());
        Assert.True(set.TryFind("unified", out _));
        Assert.Contains("hugetlb", set.ListControllers());
        Assert.Null(Single(set, "hugetlb").MountPoint);           // hugetlb now a fresh v1 hierarchy
        Assert.Equal("unified", set.Unified!.Representative);
        Assert.Empty(set.Unified.Controllers);
    }

    [Fact]
    public void A_pure_v2_layout_gives_one_unified_hierarchy_with_every_v2_controller()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.PureV2(), DiscoveryOptions.None);
        Assert.Equal(["cpu,cpuset,hugetlb,io,memory,misc,pids,rdma"], set.ListControllers());
        Assert.Equal(["cpu"], set.AllRepresentatives());
        Hierarchy unified = Assert.Single(set.Managed);
        Assert.True(unified.IsUnified);
        Assert.Equal("/sys/fs/cgroup", unified.MountPoint);
        Assert.Same(unified, Single(set, "memory"));
        Assert.Same(unified, Single(set, "io"));
        // v1-only controllers are left alone on a v2-only host, blkio included (io is unified)
        foreach (string legacy in new[] { "blkio", "cpuacct", "devices", "freezer", "net_cls", "perf_event" })
        {
            Assert.False(set.TryFind(legacy, out _), legacy);
        }
    }

    [Fact]
    public void A_co_mounted_layout_keeps_co_mounts_together()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.CoMounted(), DiscoveryOptions.None);
        Assert.Equal(
            ["blkio", "cpu,cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory", "name=systemd", "net_cls,net_prio", "perf_event", "pids"],
            set.ListControllers());
        Assert.Equal([.. set.ListControllers(), "unified"], set.ListNames());
        Assert.Equal(
            ["blkio", "cpu", "cpuset", "devices", "freezer", "hugetlb", "memory", "name=systemd", "net_cls", "perf_event", "pids", "unified"],
            set.AllRepresentatives());
        Assert.Same(Single(set, "cpu"), Single(set, "cpuacct"));
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", Single(set, "cpuacct").MountPoint);
        Assert.Same(Single(set, "net_cls"), Single(set, "net_prio"));
        Assert.All(set.Managed, h => Assert.True(h.IsPremounted));
    }

    [Theory]
    [InlineData("memory", "memory")]
    [InlineData("name=systemd", "name=systemd")]
    [InlineData("systemd", "name=systemd")]
    [InlineData("cpuacct", "cpu,cpuacct")]     // any member skips the whole co-mount
    [InlineData("unified", "unified")]
    public void Skipped_hierarchies_leave_ListControllers_and_all(string skip, string gone)
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.CoMounted(), DiscoveryOptions.FromCommandLine(null, skip));
        Assert.DoesNotContain(gone, set.ListNames());
        Assert.Contains(set.Skipped, h => h.ListName == gone);
        Assert.Equal(11, set.Managed.Count);
    }

    [Fact]
    public void Extra_mounts_add_fresh_named_hierarchies_and_ignore_known_ones()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.PureV2(), DiscoveryOptions.FromCommandLine("name=systemd,memory,freezer", null));
        Hierarchy systemd = Single(set, "systemd");
        Assert.Null(systemd.MountPoint);
        Assert.Equal("name=systemd", systemd.ListName);
        Assert.True(Single(set, "memory").IsUnified);
        Assert.False(Single(set, "freezer").IsUnified);
        Assert.Equal(3, set.Managed.Count);
    }

    [Fact]
    public void An_extra_mount_with_an_empty_name_is_ignored()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.PureV2(), DiscoveryOptions.FromCommandLine("name=", null));
        Assert.Single(set.Managed);
    }

    [Fact]
    public void A_bind_mount_of_a_subtree_loses_to_the_mount_of_the_root()
    {
        DiscoveryFacts facts = Layouts.CoMounted() with
        {
            Mounts = ProcText.MountInfo("""
                50 25 0:29 /lxc/c1 /var/lib/lxc/c1/rootfs/sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
                32 25 0:29 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
                51 25 0:29 /lxc /mnt/lxc-memory rw - cgroup cgroup rw,memory
                """),
        };
        Hierarchy memory = Single(HierarchyDiscovery.Discover(facts, DiscoveryOptions.None), "memory");
        Assert.Equal("/sys/fs/cgroup/memory", memory.MountPoint);
        Assert.Equal(CgroupPath.Root, memory.MountRoot);
    }

    [Fact]
    public void A_mount_of_a_subtree_only_shows_cgroups_below_its_root()
    {
        DiscoveryFacts facts = Layouts.CoMounted() with
        {
            Mounts = ProcText.MountInfo("50 25 0:29 /lxc/c1 /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory"),
        };
        Hierarchy memory = Single(HierarchyDiscovery.Discover(facts, DiscoveryOptions.None), "memory");
        Assert.Equal("/lxc/c1", memory.MountRoot.ToString());
        Assert.True(memory.TryGetMountRelativePath(CgroupPath.Parse("/lxc/c1/x"), out string relative));
        Assert.Equal("x", relative);
        Assert.True(memory.TryGetMountRelativePath(CgroupPath.Parse("/lxc/c1"), out relative));
        Assert.Equal(string.Empty, relative);
        Assert.False(memory.TryGetMountRelativePath(CgroupPath.Parse("/lxc/c10"), out _));
    }

    [Fact]
    public void Co_mounted_controllers_not_visible_here_are_mounted_fresh_together()
    {
        // the cpu,cpuacct hierarchy exists (hierarchy 3) but is not mounted in this mount namespace
        DiscoveryFacts facts = Layouts.CoMounted() with
        {
            Mounts = Layouts.CoMounted().Mounts.Where(m => m.MountPoint != "/sys/fs/cgroup/cpu,cpuacct").ToArray(),
        };
        Hierarchy cpu = Single(HierarchyDiscovery.Discover(facts, DiscoveryOptions.None), "cpu");
        Assert.Equal(["cpu", "cpuacct"], cpu.Controllers);
        Assert.Null(cpu.MountPoint);
    }

    [Fact]
    public void Without_a_cgroup2_mount_the_unified_hierarchy_is_mounted_fresh()
    {
        DiscoveryFacts facts = Layouts.CoMounted() with
        {
            Mounts = Layouts.CoMounted().Mounts.Where(m => m.FsType != "cgroup2").ToArray(),
        };
        Hierarchy unified = Assert.IsType<Hierarchy>(HierarchyDiscovery.Discover(facts, DiscoveryOptions.None).Unified);
        Assert.Null(unified.MountPoint);
    }

    [Fact]
    public void A_failed_fresh_mount_can_be_dropped_so_all_keeps_working()
    {
        HierarchySet set = HierarchyDiscovery.Discover(Layouts.ThisMachine(), DiscoveryOptions.None);
        Hierarchy netCls = Single(set, "net_cls");
        HierarchySet after = set.Without(netCls);
        Assert.DoesNotContain("net_cls", after.ListControllers());
        Hierarchy perf = Single(after, "perf_event");
        HierarchySet mounted = after.Replace(perf, perf.WithFreshMount("/run/cgmanager/fs/perf_event", CgroupPath.Root));
        Assert.Equal("/run/cgmanager/fs/perf_event", Single(mounted, "perf_event").MountPoint);
        Assert.False(Single(mounted, "perf_event").IsPremounted);
    }

    private static Hierarchy Single(HierarchySet set, string token)
    {
        Assert.True(set.TryFind(token, out Hierarchy? hierarchy), $"no hierarchy for {token}");
        return hierarchy;
    }
}
