using CgManager.Core.Hierarchies;

namespace CgManager.Core.Tests.Fixtures;

/// <summary>Cgroup layouts as the kernel shows them.</summary>
public static class Layouts
{
    /// <summary>
    /// The build machine (Linux 6.18), as captured: v1 per-controller mounts, name=systemd, cgroup2 at
    /// /sys/fs/cgroup/unified with only hugetlb on it; the daemon's memory cgroup is not the root.
    /// </summary>
    public static DiscoveryFacts ThisMachine(bool withUnifiedControllers = true) => new(
        ProcText.MountInfo("""
            22 27 0:21 / /proc rw,relatime - proc proc rw
            23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """),
        ProcText.ProcCgroups("""
            #subsys_name	hierarchy	num_cgroups	enabled
            cpuset	3	1	1
            cpu	1	1	1
            cpuacct	2	1	1
            blkio	7	1	1
            memory	4	46	1
            devices	5	1	1
            freezer	6	1	1
            net_cls	0	1	1
            perf_event	0	1	1
            net_prio	0	1	1
            hugetlb	0	1	1
            pids	8	1	1
            """),
        ProcText.Cgroup("""
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/29acda3255a6808b8d0a742dc8bb4e92
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """),
        withUnifiedControllers ? ["hugetlb"] : []);

    /// <summary>A v2-only host (systemd, Linux 6.x).</summary>
    public static DiscoveryFacts PureV2() => new(
        ProcText.MountInfo("""
            24 1 253:0 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            25 24 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
            35 25 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """),
        ProcText.ProcCgroups("""
            #subsys_name	hierarchy	num_cgroups	enabled
            cpuset	0	153	1
            cpu	0	153	1
            cpuacct	0	153	1
            blkio	0	153	1
            memory	0	153	1
            devices	0	153	1
            freezer	0	153	1
            net_cls	0	153	1
            perf_event	0	153	1
            net_prio	0	153	1
            hugetlb	0	153	1
            pids	0	153	1
            rdma	0	153	1
            misc	0	153	1
            """),
        ProcText.Cgroup("0::/system.slice/cgmanager.service"),
        ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"]);

    /// <summary>A hybrid systemd host with co-mounts (cpu,cpuacct and net_cls,net_prio) and an empty cgroup2.</summary>
    public static DiscoveryFacts CoMounted() => new(
        ProcText.MountInfo("""
            25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
            27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
            30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
            31 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,net_cls,net_prio
            32 25 0:29 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
            33 25 0:30 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,blkio
            34 25 0:31 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,pids
            35 25 0:32 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,devices
            36 25 0:33 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:20 - cgroup cgroup rw,freezer
            37 25 0:34 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:21 - cgroup cgroup rw,cpuset,clone_children
            38 25 0:35 / /sys/fs/cgroup/perf_event rw,nosuid,nodev,noexec,relatime shared:22 - cgroup cgroup rw,perf_event
            39 25 0:36 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:23 - cgroup cgroup rw,hugetlb
            """),
        ProcText.ProcCgroups("""
            #subsys_name	hierarchy	num_cgroups	enabled
            cpuset	10	1	1
            cpu	3	80	1
            cpuacct	3	80	1
            blkio	6	80	1
            memory	5	120	1
            devices	8	80	1
            freezer	9	1	1
            net_cls	4	1	1
            perf_event	11	1	1
            net_prio	4	1	1
            hugetlb	12	1	1
            pids	7	85	1
            """),
        ProcText.Cgroup("""
            12:hugetlb:/
            11:perf_event:/
            10:cpuset:/
            9:freezer:/
            8:devices:/system.slice/cgmanager.service
            7:pids:/system.slice/cgmanager.service
            6:blkio:/system.slice
            5:memory:/system.slice/cgmanager.service
            4:net_cls,net_prio:/
            3:cpu,cpuacct:/system.slice
            1:name=systemd:/system.slice/cgmanager.service
            0::/system.slice/cgmanager.service
            """),
        []);
}
