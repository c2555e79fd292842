using CgManager.Linux;

namespace CgManager.Bench;

/// <summary>
/// cgmanager-bench: the outer process makes a cgroup sandbox, re-executes itself inside it
/// (<c>--inner</c>) to measure, and destroys the sandbox on every path.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"cgmanager-bench: {e.Message}");
            Console.Error.WriteLine("Try 'cgmanager-bench --help'.");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.Out.WriteLine(BenchOptions.HelpText);
            return 0;
        }

        if (Sys.GetEuid() != 0)
        {
            Console.Error.WriteLine("cgmanager-bench: must run as root (cgroup sandbox, daemon, cgroupfs floor)");
            return 2;
        }

        try
        {
            return options.InnerSandbox is { } name ? InnerRun.Run(options, name) : OuterRun.Run(options, args);
        }
        catch (BenchException e)
        {
            Console.Error.WriteLine($"cgmanager-bench: {e.Message}");
            return 1;
        }
    }
}

/// <summary>A failure of the benchmark's own set-up, reported as one line.</summary>
internal sealed class BenchException : Exception
{
    public BenchException(string message)
        : base(message)
    {
    }

    public BenchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public BenchException()
    {
    }
}
