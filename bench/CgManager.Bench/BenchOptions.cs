using System.Globalization;

namespace CgManager.Bench;

/// <summary>The command line. Every limit that bounds the run's length is here.</summary>
internal sealed class BenchOptions
{
    public const string InnerFlag = "--inner";

    /// <summary>Measured time per load configuration.</summary>
    public TimeSpan Measure { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>Unmeasured time before each configuration: warms the daemon, its thread pool and caches.</summary>
    public TimeSpan WarmUp { get; private set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Requests of the no-growth run (spread over its clients)...</summary>
    public long SoakRequests { get; private set; } = 1_000_000;

    /// <summary>...bounded in time as well.</summary>
    public TimeSpan SoakLimit { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>Daemon starts whose start-to-ready times are measured (the median is judged).</summary>
    public int Starts { get; private set; } = 5;

    public string? JsonFile { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Set in the re-executed process: the sandbox it runs in.</summary>
    public string? InnerSandbox { get; private set; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {arg} needs a value");
            switch (arg)
            {
                case "--seconds":
                    options.Measure = Seconds(arg, Value(), 0.2, 60);
                    break;
                case "--warmup":
                    options.WarmUp = Seconds(arg, Value(), 0, 10);
                    break;
                case "--soak-requests":
                    options.SoakRequests = (long)Number(arg, Value(), 1_000, 100_000_000);
                    break;
                case "--soak-seconds":
                    options.SoakLimit = Seconds(arg, Value(), 1, 240);
                    break;
                case "--starts":
                    options.Starts = (int)Number(arg, Value(), 1, 50);
                    break;
                case "--quick":
                    options.Measure = TimeSpan.FromSeconds(1);
                    options.WarmUp = TimeSpan.FromSeconds(0.2);
                    options.SoakRequests = 100_000;
                    options.Starts = 3;
                    break;
                case "--json":
                    options.JsonFile = Value();
                    break;
                case InnerFlag:
                    options.InnerSandbox = Value();
                    break;
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{arg}'");
            }
        }

        return options;
    }

    private static TimeSpan Seconds(string option, string text, double min, double max) =>
        TimeSpan.FromSeconds(Number(option, text, min, max));

    private static double Number(string option, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
        {
            throw new ArgumentException($"{option} needs a number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    public const string HelpText = """
        Usage: cgmanager-bench [OPTION]...   (as root; see README.md, "Benchmark")
        Measures the cgmanager daemon against the raw cgroupfs floor, inside a throw-away
        cgroup sandbox (cgsandbox), and prints a table and one JSON line.

          --seconds S          measured seconds per configuration (default 3)
          --warmup S           unmeasured warm-up per configuration (default 0.5)
          --soak-requests N    requests of the no-growth run (default 1000000)
          --soak-seconds S     time bound of the no-growth run (default 60)
          --starts N           daemon starts timed for start-to-ready (default 5)
          --quick              1 s per configuration, 100k soak requests, 3 starts
          --json FILE          also write the JSON line to FILE

        Environment: CGSANDBOX (default <repo>/tests/harness/cgsandbox),
                     CGMANAGER_BIN (default <repo>/artifacts/bin/cgmanager).
        """;
}
