using System.Diagnostics;
using System.Globalization;
using CgManager.Bench.Client;
using CgManager.Linux;

namespace CgManager.Bench.Workers;

/// <summary>Per-element cost of one operation on a subtree of <see cref="GrowthResult.Size"/> cgroups, in microseconds.</summary>
internal sealed record GrowthResult(string Side, int Size, double CreateUs, double ListUs, double TasksUs, double RemoveUs, double Seconds)
{
    public IEnumerable<(string Operation, double PerElementUs)> Operations =>
    [
        ("Create", CreateUs),
        ("ListChildren", ListUs),
        ("GetTasksRecursive", TasksUs),
        ("Remove(recursive)", RemoveUs),
    ];

    /// <summary>The median of each figure over repeated runs of the same size and side.</summary>
    public static GrowthResult Median(IReadOnlyList<GrowthResult> runs)
    {
        double M(Func<GrowthResult, double> pick) => runs.Select(pick).Order().ElementAt(runs.Count / 2);
        return new GrowthResult(runs[0].Side, runs[0].Size, M(g => g.CreateUs), M(g => g.ListUs), M(g => g.TasksUs), M(g => g.RemoveUs), runs.Sum(g => g.Seconds));
    }
}

/// <summary>
/// Growth: N cgroups created in one subtree, then the subtree listed, its tasks gathered
/// recursively, and removed recursively, each cost divided by N. The whole-subtree calls are
/// repeated and their median kept, so that one slow call does not decide. The same is done on
/// cgroupfs (mkdir, readdir, read every cgroup.procs, rmdir) for the kernel's own growth.
/// </summary>
internal static class GrowthBench
{
    public static GrowthResult ThroughDaemon(string socketPath, int size, CancellationToken cancel)
    {
        const string c = CycleSteps.Controller;
        var clock = Stopwatch.StartNew();
        using var client = BenchClient.Connect(socketPath);
        string root = string.Create(CultureInfo.InvariantCulture, $"grow{size}");
        client.Create(c, root);
        try
        {
            long t = Stopwatch.GetTimestamp();
            for (int i = 0; i < size && !cancel.IsCancellationRequested; i++)
            {
                client.Create(c, string.Create(CultureInfo.InvariantCulture, $"{root}/c{i}"));
            }

            double create = PerElement(Stopwatch.GetElapsedTime(t), size);
            double list = Median(Repeats(size), () => Expect(client.ListChildren(c, root), size, "ListChildren"), size);
            double tasks = Median(Repeats(size), () => Expect(client.GetTasksRecursive(c, root), 0, "GetTasksRecursive"), size);
            t = Stopwatch.GetTimestamp();
            client.Remove(c, root, recursive: true);
            double remove = PerElement(Stopwatch.GetElapsedTime(t), size);
            return new GrowthResult("daemon", size, create, list, tasks, remove, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            client.Remove(c, root, recursive: true);
            throw;
        }
    }

    public static GrowthResult OnCgroupfs(string sandboxMemoryDir, int size, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string root = Path.Combine(sandboxMemoryDir, string.Create(CultureInfo.InvariantCulture, $"fgrow{size}"));
        var children = Enumerable.Range(0, size).Select(i => Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"c{i}"))).ToArray();
        Sys.MkdirAt(null, root, 0755);
        int made = 0;
        try
        {
            long t = Stopwatch.GetTimestamp();
            for (; made < size && !cancel.IsCancellationRequested; made++)
            {
                Sys.MkdirAt(null, children[made], 0755);
            }

            double create = PerElement(Stopwatch.GetElapsedTime(t), size);
            double list = Median(Repeats(size), () => Expect(ListDirectories(root), size, "readdir"), size);
            double tasks = Median(Repeats(size), () => Expect(CountTasks(root, children), 0, "cgroup.procs"), size);
            t = Stopwatch.GetTimestamp();
            RemoveAll(root, children, made);
            made = -1;
            double remove = PerElement(Stopwatch.GetElapsedTime(t), size);
            return new GrowthResult("cgroupfs", size, create, list, tasks, remove, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (made >= 0)
            {
                RemoveAll(root, children, made);
            }
        }
    }

    /// <summary>Enough repeats of a whole-subtree call for a stable median, fewer for the big subtree.</summary>
    private static int Repeats(int size) => size >= 10_000 ? 5 : 21;

    private static double Median(int repeats, Action call, int size)
    {
        var samples = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long t = Stopwatch.GetTimestamp();
            call();
            samples[i] = PerElement(Stopwatch.GetElapsedTime(t), size);
        }

        Array.Sort(samples);
        return samples[repeats / 2];
    }

    private static double PerElement(TimeSpan elapsed, int size) => elapsed.TotalMicroseconds / size;

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new BenchException($"{what} returned {actual} entries, expected {expected}");
        }
    }

    private static int ListDirectories(string root)
    {
        using var fd = Sys.Open(root, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        return Sys.ReadDirectory(fd, root).Count(e => e.Type == FileType.Directory);
    }

    private static int CountTasks(string root, string[] children)
    {
        var buffer = new byte[4096];
        int pids = 0;
        foreach (string dir in children.Prepend(root))
        {
            using var fd = Sys.Open(Path.Combine(dir, "cgroup.procs"), OpenFlags.O_RDONLY);
            int n;
            while ((n = Sys.Read(fd, buffer)) > 0)
            {
                pids += buffer.AsSpan(0, n).Count((byte)'\n');
            }
        }

        return pids;
    }

    private static void RemoveAll(string root, string[] children, int made)
    {
        for (int i = 0; i < made; i++)
        {
            Sys.UnlinkAt(null, children[i], AtFlags.AT_REMOVEDIR);
        }

        Sys.UnlinkAt(null, root, AtFlags.AT_REMOVEDIR);
    }
}
