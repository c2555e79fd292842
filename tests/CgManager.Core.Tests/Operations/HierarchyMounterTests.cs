using CgManager.Core.Hierarchies;
using CgManager.Core.Operations;
using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Operations;

/// <summary>
/// <see cref="HierarchyMounts.MountPoints"/>: the hierarchies mountinfo names are opened where they
/// are, nothing mounted, so a fake /proc naming folders of a temporary tree gives the daemon's own
/// handles on that tree (the entry point Daemon.Tests run the daemon through).
/// </summary>
public sealed class HierarchyMounterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cgm-mounter-").FullName;

    public HierarchyMounterTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "proc", "self"));
        Directory.CreateDirectory(Memory);
        Directory.CreateDirectory(Unified);
        File.WriteAllText(Path.Combine(Unified, "cgroup.controllers"), "pids\n");
        File.WriteAllText(Path.Combine(_root, "proc", "self", "mountinfo"),
            $"""
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            35 27 0:32 /sub {Memory} rw,relatime - cgroup cgroup rw,memory
            41 27 0:38 / {Unified} rw,relatime - cgroup2 cgroup2 rw

            """);
        File.WriteAllText(Path.Combine(_root, "proc", "self", "cgroup"), "4:memory:/sub\n0::/\n");
        File.WriteAllText(Path.Combine(_root, "proc", "cgroups"), "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t1\t1\npids\t0\t1\t1\n");
    }

    private string Memory => Path.Combine(_root, "memory");

    private string Unified => Path.Combine(_root, "unified");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Each_hierarchy_is_opened_at_its_mount_point_showing_its_mount_root()
    {
        var log = new List<string>();
        var (set, mounted) = new HierarchyMounter(new ProcFs(Path.Combine(_root, "proc")), log.Add, HierarchyMounts.MountPoints)
            .MountAll(DiscoveryOptions.None);
        try
        {
            Assert.Equal(2, mounted.Count);
            var memory = Assert.Single(mounted, m => m.Model.Controllers.Contains("memory"));
            Assert.Equal(Memory, memory.Root.Path);
            Assert.Equal("/sub", memory.RootCgroup.ToString());
            Assert.False(memory.IsDetached);
            var unified = Assert.Single(mounted, m => m.IsUnified);
            Assert.Equal(Unified, unified.Root.Path);
            Assert.Contains("pids", unified.Model.Controllers);
            Assert.Equal(set.Managed.Count, mounted.Count);
            Assert.Empty(log);
        }
        finally
        {
            foreach (var m in mounted)
            {
                m.Dispose();
            }
        }
    }

    [Fact]
    public void A_mount_point_that_cannot_be_opened_is_dropped_and_logged()
    {
        Directory.Delete(Memory);
        var log = new List<string>();
        var (set, mounted) = new HierarchyMounter(new ProcFs(Path.Combine(_root, "proc")), log.Add, HierarchyMounts.MountPoints)
            .MountAll(DiscoveryOptions.None);
        try
        {
            Assert.Single(mounted);
            Assert.DoesNotContain("memory", set.ListControllers());
            Assert.Contains(log, l => l.StartsWith("memory: cannot open " + Memory, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var m in mounted)
            {
                m.Dispose();
            }
        }
    }
}
