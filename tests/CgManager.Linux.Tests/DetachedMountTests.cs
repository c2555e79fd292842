namespace CgManager.Linux.Tests;

/// <summary>fsopen/fsmount: a mount that no namespace can see, reached only through its fd.</summary>
public sealed class DetachedMountTests
{
    [RootFact]
    public void A_detached_tmpfs_is_usable_through_its_fd_and_invisible_in_mountinfo()
    {
        using var root = Sys.MountDetached("tmpfs", [], [new("size", "64k"), new("mode", "0700")], "test tmpfs");
        using var dir = new CgroupDirectory(root, "(detached tmpfs)");
        dir.CreateDirectory("sub", 0x1ed);
        Assert.True(dir.Stat("sub").IsDirectory);
        Assert.Equal(FsMagic.TMPFS_MAGIC, dir.FileSystemType);
        Assert.DoesNotContain("size=64k", File.ReadAllText("/proc/self/mountinfo"));
    }

    [RootFact]
    public void An_unknown_filesystem_type_fails_with_ENODEV()
    {
        var e = Assert.Throws<LinuxException>(() => Sys.MountDetached("nosuchfs", [], [], "nosuchfs"));
        Assert.Equal(Errno.ENODEV, e.Errno);
    }

    [RootFact]
    public void A_bad_option_names_the_option()
    {
        var e = Assert.Throws<LinuxException>(() => Sys.MountDetached("tmpfs", ["no-such-flag"], [], "test tmpfs"));
        Assert.Contains("no-such-flag", e.Message);
    }
}
