using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

public class MountInfoTests
{
    // `cat /proc/self/mountinfo` on the test machine, verbatim (hybrid: v1 controllers, name=systemd, cgroup2 at unified).
    private const string ThisMachine =
        "22 27 0:21 / /proc rw,relatime - proc proc rw\n" +
        "23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n" +
        "24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,nr_inodes=3083615,mode=755\n" +
        "25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k\n" +
        "26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000\n" +
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534\n" +
        "28 27 0:25 / /mnt/sandboxing/model_tools_env/v1/python ro,nosuid,nodev,relatime - tmpfs model_tools_unavailable ro,size=4k,mode=755\n" +
        "29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000\n" +
        "30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k\n" +
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
        "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n" +
        "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n" +
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
        "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n" +
        "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n" +
        "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n" +
        "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
        "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n" +
        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    // A systemd v2-only host: shared/master propagation tags as optional fields.
    private const string V2OnlySystemd =
        "24 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n" +
        "26 22 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n" +
        "120 24 0:50 / /mnt/slave rw,relatime master:7 propagate_from:3 - tmpfs tmpfs rw\n";

    [Fact]
    public void Mountinfo_of_this_machine_parses()
    {
        IReadOnlyList<MountInfoEntry> all = MountInfoEntry.ParseAll(ThisMachine);
        Assert.Equal(20, all.Count);

        MountInfoEntry root = all[5];
        Assert.Equal(27, root.MountId);
        Assert.Equal(1, root.ParentId);
        Assert.Equal("254:0", root.MajorMinor);
        Assert.Equal("/", root.Root);
        Assert.Equal("/", root.MountPoint);
        Assert.Equal("rw,relatime", root.MountOptions);
        Assert.Empty(root.OptionalFields);
        Assert.Equal("ext4", root.FsType);
        Assert.Equal("/dev/vda", root.Source);
        Assert.Equal("rw,discard,resv_strict,resuid=65534,resgid=65534", root.SuperOptions);

        MountInfoEntry systemd = all[18];
        Assert.Equal("cgroup", systemd.FsType);
        Assert.Equal("/sys/fs/cgroup/systemd", systemd.MountPoint);
        Assert.Equal("rw,name=systemd", systemd.SuperOptions);
        Assert.Equal("cgroup2", all[19].FsType);
        Assert.Equal("rw", all[19].SuperOptions);
        Assert.Equal(11, all.Count(m => m.MountPoint.StartsWith("/sys/fs/cgroup", StringComparison.Ordinal)));
    }

    [Fact]
    public void Optional_fields_are_collected_up_to_the_separator()
    {
        IReadOnlyList<MountInfoEntry> all = MountInfoEntry.ParseAll(V2OnlySystemd);
        Assert.Equal(["shared:1"], all[0].OptionalFields);
        Assert.Equal(["shared:9"], all[1].OptionalFields);
        Assert.Equal("rw,nsdelegate,memory_recursiveprot", all[1].SuperOptions);
        Assert.Equal(["master:7", "propagate_from:3"], all[2].OptionalFields);
        Assert.Equal("tmpfs", all[2].FsType);
    }

    [Fact]
    public void Octal_escapes_in_root_and_mount_point_are_decoded()
    {
        const string line = "300 24 0:60 /dir\\040with\\011tab\\012nl\\134bs /mnt/my\\040mount\\134x rw - tmpfs my\\040src rw,size=1k\n";
        MountInfoEntry e = Assert.Single(MountInfoEntry.ParseAll(line));
        Assert.Equal("/dir with\ttab\nnl\\bs", e.Root);
        Assert.Equal("/mnt/my mount\\x", e.MountPoint);
        Assert.Equal("my src", e.Source);
    }

    [Fact]
    public void A_dash_inside_an_escaped_mount_point_is_not_the_separator()
    {
        MountInfoEntry e = Assert.Single(MountInfoEntry.ParseAll("301 24 0:61 / /mnt/a\\040-\\040b rw shared:4 - tmpfs tmpfs rw\n"));
        Assert.Equal("/mnt/a - b", e.MountPoint);
        Assert.Equal(["shared:4"], e.OptionalFields);
    }

    [Fact]
    public void Nsfs_bind_mount_root_is_not_a_path()
    {
        MountInfoEntry e = Assert.Single(MountInfoEntry.ParseAll("650 26 0:4 net:[4026532281] /run/netns/x rw shared:302 - nsfs nsfs rw\n"));
        Assert.Equal("net:[4026532281]", e.Root);
        Assert.Equal("nsfs", e.FsType);
    }

    [Fact]
    public void Empty_source_is_an_empty_field()
    {
        MountInfoEntry e = Assert.Single(MountInfoEntry.ParseAll("77 24 0:70 / /mnt/e rw,relatime - tmpfs  rw\n"));
        Assert.Equal("", e.Source);
        Assert.Equal("rw", e.SuperOptions);
    }

    [Fact]
    public void Option_strings_keep_the_kernel_escapes_so_commas_split_exactly()
    {
        MountInfoEntry e = Assert.Single(MountInfoEntry.ParseAll("78 24 0:71 / /mnt/f rw - fuse.x a rw,label=a\\054b\n"));
        Assert.Equal("rw,label=a\\054b", e.SuperOptions);
        Assert.Equal("fuse.x", e.FsType);
    }

    [Theory]
    [InlineData("22 27 0:21 / /proc rw,relatime proc proc rw\n", "line 1: expected at least 6 fields, a \"-\" separator")]
    [InlineData("22 27 0:21 / /proc rw - proc proc\n", "line 1: expected at least 6 fields")]
    [InlineData("22 27 0:21 / /proc rw - proc proc rw extra\n", "line 1: expected 3 fields after \" - \"")]
    [InlineData("x 27 0:21 / /proc rw - proc proc rw\n", "line 1: mount id \"x\"")]
    [InlineData("22 -1 0:21 / /proc rw - proc proc rw\n", "line 1: parent id \"-1\"")]
    [InlineData("22 27 021 / /proc rw - proc proc rw\n", "line 1: device \"021\" is not \"major:minor\"")]
    [InlineData("22 27 0:x / /proc rw - proc proc rw\n", "line 1: device \"0:x\"")]
    [InlineData("22 27 0:21 / proc rw - proc proc rw\n", "line 1: mount point does not start with '/'")]
    [InlineData("22 27 0:21 / /pr\\04oc rw - proc proc rw\n", "line 1: bad escape in mount point at offset 3")]
    [InlineData("22 27 0:21 / /proc\\ rw - proc proc rw\n", "line 1: bad escape in mount point")]
    [InlineData("22 27 0:21 /a\\9xx /proc rw - proc proc rw\n", "line 1: bad escape in root")]
    [InlineData("22 27 0:21 / /p\\377 rw - proc proc rw\n", "is not an ASCII character")]
    [InlineData("22 27 0:21 / /proc rw  shared:1 - proc proc rw\n", "line 1: empty optional field")]
    [InlineData("22 27 0:21 / /proc rw -  proc rw\n", "line 1: empty fstype")]
    [InlineData("22 27 0:21 / /proc rw - proc proc rw\n\n", "line 2: expected at least 6 fields")]
    public void Malformed_mountinfo_is_a_FormatException_naming_the_line(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => MountInfoEntry.ParseAll(text));
        Assert.Contains("/proc/PID/mountinfo", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
