using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>
/// tests/harness/cgsandbox itself: the promises the suite's safety rests on (tests/harness/README.md).
/// Each test uses its own state folder, so it neither sees nor disturbs the sandboxes of other tests.
/// </summary>
public sealed class SandboxToolTests : IDisposable
{
    private static int s_counter;
    private readonly string _state = Directory.CreateTempSubdirectory("cgm-sandbox-state-").FullName;
    private readonly List<string> _made = [];

    private string NewName() => $"cgmtest-tool-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";

    private ToolResult Sandbox(params string[] args) =>
        Tool.Run(Repo.Cgsandbox, args, TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["CGSANDBOX_STATE"] = _state });

    private string[] Create(string name)
    {
        var created = Sandbox("create", name);
        Assert.True(created.ExitCode == 0, created.ToString());
        _made.Add(name);
        return created.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Create_makes_the_name_beneath_the_callers_own_cgroup_in_every_hierarchy_and_destroy_removes_it()
    {
        string name = NewName();
        string[] dirs = Create(name);
        int hierarchies = File.ReadAllLines("/proc/self/cgroup").Length;
        Assert.Equal(hierarchies, dirs.Length);
        foreach (string dir in dirs)
        {
            Assert.Equal(name, Path.GetFileName(dir));
            Assert.True(Directory.Exists(dir), dir);
        }

        foreach (string line in File.ReadAllLines("/proc/self/cgroup"))
        {
            string own = line.Split(':', 3)[2].TrimEnd('/');
            Assert.Contains(dirs, d => d.EndsWith($"{own}/{name}", StringComparison.Ordinal));
        }

        Assert.NotEqual(0, Sandbox("create", name).ExitCode);

        var destroyed = Sandbox("destroy", name);
        Assert.True(destroyed.ExitCode == 0, destroyed.ToString());
        Assert.All(dirs, d => Assert.False(Directory.Exists(d), d));
        Assert.False(File.Exists(Path.Combine(_state, name + ".state")));
    }

    [Fact]
    public void Run_with_ns_shows_the_sandbox_as_the_root_of_every_hierarchy()
    {
        string name = NewName();
        Create(name);
        var inside = Sandbox("run", name, "--ns", "--", "cat", "/proc/self/cgroup");
        Assert.True(inside.ExitCode == 0, inside.ToString());
        Assert.All(inside.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.EndsWith(":/", line));
        Assert.DoesNotContain(name, File.ReadAllText("/proc/self/mountinfo"));
    }

    [Fact]
    public void Destroy_kills_what_is_inside_and_removes_nested_cgroups_deepest_first()
    {
        string name = NewName();
        string memory = Create(name).Single(d => d.StartsWith("/sys/fs/cgroup/memory/", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(memory, "a", "b"));
        using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Repo.Cgsandbox)
        {
            ArgumentList = { "run", name, "--", "sh", "-c", $"echo $$ > {memory}/a/b/cgroup.procs && exec sleep 1000" },
            Environment = { ["CGSANDBOX_STATE"] = _state },
        })!;
        Assert.True(CgroupSandbox.Eventually(() => File.ReadAllText(Path.Combine(memory, "a", "b", "cgroup.procs")).Trim().Length > 0, TimeSpan.FromSeconds(10)));

        var destroyed = Sandbox("destroy", name);
        Assert.True(destroyed.ExitCode == 0, destroyed.ToString());
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(10)), "the task inside was not killed");
        Assert.False(Directory.Exists(memory));
    }

    [Fact]
    public void Run_refuses_to_move_a_process_sideways_into_another_sandbox()
    {
        string inner = NewName();
        string other = NewName();
        Create(inner);
        Create(other);
        var moved = Sandbox("run", inner, "--", Repo.Cgsandbox, "run", other, "--", "cat", "/proc/self/cgroup");
        Assert.NotEqual(0, moved.ExitCode);
        Assert.Contains("refusing to move upwards or sideways", moved.Stderr);
    }

    [Fact]
    public void A_state_file_that_names_another_directory_stops_every_command()
    {
        string name = NewName();
        string[] dirs = Create(name);
        string file = Path.Combine(_state, name + ".state");
        string parent = Path.GetDirectoryName(dirs[0])!;
        File.AppendAllText(file, $"{Path.GetDirectoryName(parent)}\t{parent}\n");
        var destroyed = Sandbox("destroy", name);
        Assert.NotEqual(0, destroyed.ExitCode);
        Assert.Contains("which is not a", destroyed.Stderr);
        Assert.True(Directory.Exists(dirs[0]), "nothing may be removed when the state file is damaged");

        File.WriteAllLines(file, File.ReadAllLines(file).SkipLast(1));
        Assert.Equal(0, Sandbox("destroy", name).ExitCode);
    }

    [Fact]
    public void Gc_destroys_the_sandboxes_whose_creator_is_gone_and_keeps_the_others()
    {
        string orphan = NewName();
        string kept = NewName();
        var created = Tool.Run("sh", ["-c", $"'{Repo.Cgsandbox}' create {orphan}"], null, new Dictionary<string, string> { ["CGSANDBOX_STATE"] = _state });
        Assert.True(created.ExitCode == 0, created.ToString());
        _made.Add(orphan);
        string[] keptDirs = Create(kept);

        var gc = Sandbox("gc");
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.All(created.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), d => Assert.False(Directory.Exists(d), d));
        Assert.All(keptDirs, d => Assert.True(Directory.Exists(d), d));
    }

    public void Dispose()
    {
        foreach (string name in _made)
        {
            if (File.Exists(Path.Combine(_state, name + ".state")))
            {
                Sandbox("destroy", name);
            }
        }

        Directory.Delete(_state, recursive: true);
    }
}
