using System.Diagnostics;
using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Kernel;

public sealed class ProcessCgroupFileTests : IDisposable
{
    private readonly TempDir _fake = new();

    public void Dispose() => _fake.Dispose();

    [Fact]
    public void Our_open_file_reads_what_proc_self_says()
    {
        using var file = ProcFs.Default.OpenCgroups(Environment.ProcessId);
        var expected = ProcFs.Default.ReadSelfCgroups().Select(m => (m.HierarchyId, string.Join(',', m.Controllers), m.Path));
        Assert.Equal(expected, file.Read().Select(m => (m.HierarchyId, string.Join(',', m.Controllers), m.Path)));
    }

    [Fact]
    public void Unchanged_text_reuses_the_parse_and_changed_text_is_parsed_afresh()
    {
        Directory.CreateDirectory(_fake["7"]);
        File.WriteAllText(_fake["7/cgroup"], "4:memory:/a\n0::/a\n");
        using var file = new ProcFs(_fake.Path).OpenCgroups(7);

        var first = file.Read();
        Assert.Same(first, file.Read());
        Assert.Equal("/a", first[0].Path);

        // Same length, other bytes: a change is seen by content, not by size.
        File.WriteAllText(_fake["7/cgroup"], "4:memory:/b\n0::/a\n");
        var second = file.Read();
        Assert.NotSame(first, second);
        Assert.Equal("/b", second[0].Path);

        File.WriteAllText(_fake["7/cgroup"], "4:memory:/b/deeper\n0::/a\n");
        Assert.Equal("/b/deeper", file.Read()[0].Path);
    }

    [Fact]
    public void The_file_names_the_process_and_reports_esrch_once_it_has_exited()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        using var file = ProcFs.Default.OpenCgroups(child.Id);
        Assert.NotEmpty(file.Read());

        child.Kill();
        child.WaitForExit();
        var e = Assert.Throws<LinuxException>(() => file.Read());
        Assert.Equal(Errno.ESRCH, e.Errno);
    }

    [Fact]
    public void Opening_for_a_pid_that_does_not_exist_is_esrch()
    {
        var e = Assert.Throws<LinuxException>(() => new ProcFs(_fake.Path).OpenCgroups(99));
        Assert.Equal(Errno.ESRCH, e.Errno);
    }
}
