using System.Globalization;

namespace CgManager.Daemon;

/// <summary>The command line of cgmanager (spec §6.1, with §11's fixes: --max-depth takes a number).</summary>
internal sealed class DaemonOptions
{
    public const string DefaultSocket = "/sys/fs/cgroup/cgmanager/sock";
    public const int DefaultMaxDepth = 16;

    public string SocketPath { get; private set; } = DefaultSocket;
    public bool Daemonize { get; private set; }
    public bool SigStop { get; private set; }
    public IReadOnlyList<string> ExtraMounts { get; private set; } = [];
    public IReadOnlyList<string> Skip { get; private set; } = [];
    public int MaxDepth { get; private set; } = DefaultMaxDepth;
    public LogLevel LogLevel { get; private set; } = LogLevel.Info;
    public bool ShowHelp { get; private set; }
    public bool ShowVersion { get; private set; }
    public string? PidFile { get; private set; }
    public bool Proxy { get; private set; }
    public int QuotaCgroups { get; private set; }
    public int QuotaDepth { get; private set; }
    public bool CheckMaster { get; private set; }
    public int? ReadyFd { get; private set; }
    public Logging.LogFormat LogFormat { get; private set; } = Logging.LogFormat.Text;
    public string? LogFile { get; private set; }

    /// <summary>Where to serve GET /metrics (Prometheus), if anywhere.</summary>
    public Metrics.MetricsEndpoint? Metrics { get; private set; }

    /// <summary>The subtree whose cgroups the metrics report, relative to the daemon's own cgroup ("" for all it sees).</summary>
    public string MetricsSubtree { get; private set; } = "";

    /// <summary>Limits of issue 12's per-uid shares (documented in cgmanager(8), LIMITS).</summary>
    public int MaxConnections { get; private set; } = DBus.Server.ServerOptions.DefaultMaxConnections;

    public int MaxConnectionsPerUid { get; private set; } = DBus.Server.ServerOptions.DefaultMaxConnectionsPerUid;

    public int MaxScmPerUid { get; private set; } = Scm.ScmSideChannel.DefaultMaxPendingPerUid;

    public int MaxWatchesPerUid { get; private set; } = Modern.EventWatches.DefaultMaxPerUid;

    /// <summary>Parses argv; throws ArgumentException with a message fit for the user.</summary>
    public static DaemonOptions Parse(IReadOnlyList<string> args, bool invokedAsProxy = false)
    {
        var options = new DaemonOptions { Proxy = invokedAsProxy };
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"option {arg} needs a value");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-s" or "--socket":
                    options.SocketPath = Value();
                    break;
                case "--daemon":
                    options.Daemonize = true;
                    break;
                case "--pidfile":
                    options.PidFile = Value();
                    break;
                case "--proxy":
                    options.Proxy = true;
                    break;
                case "--check-master":
                    options.CheckMaster = true;
                    break;
                case "--sigstop":
                    options.SigStop = true;
                    break;
                case "--ready-fd":
                    string fd = Value();
                    options.ReadyFd = int.TryParse(fd, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 3 and <= 65535
                        ? n
                        : throw new ArgumentException($"--ready-fd needs a descriptor number of 3 or more (0-2 are stdio), got '{fd}'");
                    break;
                case "--log-format":
                    options.LogFormat = Value() switch
                    {
                        "text" => Logging.LogFormat.Text,
                        "json" => Logging.LogFormat.Json,
                        var other => throw new ArgumentException($"--log-format is text or json, got '{other}'"),
                    };
                    break;
                case "--log-file":
                    options.LogFile = Value();
                    break;
                case "--metrics":
                    options.Metrics = CgManager.Daemon.Metrics.MetricsEndpoint.Parse(Value());
                    break;
                case "--metrics-subtree":
                    options.MetricsSubtree = Value().Trim('/');
                    break;
                case "-m" or "--mount":
                    options.ExtraMounts = SplitList(Value());
                    break;
                case "-M" or "--skip":
                    options.Skip = SplitList(Value());
                    break;
                case "--max-depth":
                    string depth = Value();
                    if (!int.TryParse(depth, NumberStyles.None, CultureInfo.InvariantCulture, out int d) || d < 1 || d > 1000)
                    {
                        throw new ArgumentException($"--max-depth needs a number from 1 to 1000, got '{depth}'");
                    }

                    options.MaxDepth = d;
                    break;
                case "--quota-cgroups":
                    options.QuotaCgroups = ParseCount(arg, Value());
                    break;
                case "--quota-depth":
                    options.QuotaDepth = ParseCount(arg, Value());
                    break;
                case "--max-connections":
                    options.MaxConnections = ParseCount(arg, Value());
                    break;
                case "--max-connections-per-uid":
                    options.MaxConnectionsPerUid = ParseCount(arg, Value());
                    break;
                case "--max-scm-per-uid":
                    options.MaxScmPerUid = ParseCount(arg, Value());
                    break;
                case "--max-watches-per-uid":
                    options.MaxWatchesPerUid = ParseCount(arg, Value());
                    break;
                case "-q" or "--quiet":
                    options.LogLevel = LogLevel.Warning;
                    break;
                case "-v" or "--verbose":
                    options.LogLevel = LogLevel.Info;
                    break;
                case "--debug":
                    options.LogLevel = LogLevel.Debug;
                    break;
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                case "--version":
                    options.ShowVersion = true;
                    break;
                default:
                    throw new ArgumentException(arg.StartsWith('-') ? $"unknown option '{arg}'" : $"unexpected argument '{arg}'");
            }
        }

        if (options.MaxConnections < options.MaxConnectionsPerUid || options.MaxConnections <= DBus.Server.ServerOptions.DefaultConnectionsReservedForRoot)
        {
            throw new ArgumentException($"--max-connections ({options.MaxConnections}) must exceed the {DBus.Server.ServerOptions.DefaultConnectionsReservedForRoot} slots reserved for root and be at least --max-connections-per-uid ({options.MaxConnectionsPerUid})");
        }

        return options;
    }

    private static int ParseCount(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 1_000_000
            ? n
            : throw new ArgumentException($"{option} needs a number from 1 to 1000000, got '{value}'");

    private static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public const string HelpText = """
        Usage: cgmanager [OPTION]...
        Serve cgroup management requests over a D-Bus peer-to-peer socket.

          -s, --socket PATH        listen on PATH (default /sys/fs/cgroup/cgmanager/sock);
                                   its folder (created 0755) must be root's and writable
                                   by no one else; the socket is 0666
              --daemon             detach into the background once listening
              --pidfile PATH       with --daemon, write the daemon's pid here
                                   (default /run/cgmanager.pid)
              --sigstop            raise SIGSTOP once ready (upstart "expect stop")
              --ready-fd N         once the socket answers, write a newline to fd N and
                                   close it (s6, dinit, OpenRC supervise-daemon notify=fd:N)
          -m, --mount LIST         also manage these hierarchies (e.g. name=systemd)
          -M, --skip LIST          do not manage these hierarchies
              --max-depth N        refuse to create cgroups more than N levels below
                                   the daemon's root (default 16)
              --quota-cgroups N    a requestor other than host root may hold at most N
                                   cgroups beneath its own cgroup (on v2 also set as
                                   cgroup.max.descendants of the cgroups it is given)
              --quota-depth N      ... and create them at most N levels below it
                                   (on v2 also cgroup.max.depth)
              --max-connections N  serve at most N connections (default 4096; 64 of
                                   them only for root)
              --max-connections-per-uid N
                                   connections one uid other than root may hold
                                   (default 256); see LIMITS in cgmanager(8)
              --max-scm-per-uid N  Scm exchanges one uid other than root may have in
                                   progress (default 64)
              --max-watches-per-uid N
                                   Manager1 watched events one uid other than root may
                                   hold (default 256)
              --proxy              run as cgproxy inside a container: move the host's
                                   socket folder (bind-mounted at the usual place) to
                                   FOLDER.lower and forward every plain call there as
                                   the matching Scm call (also when invoked as cgproxy)
              --check-master       exit 0 if a manager answers on the socket or on the
                                   .lower one, 1 otherwise; do nothing else
              --log-file PATH      append the log to PATH (reopened on SIGHUP); without it
                                   the log goes to stderr, or to syslog with --daemon
              --log-format FORMAT  text (default) or json: one JSON object per line
              --metrics ENDPOINT   serve Prometheus metrics (GET /metrics, HTTP/1.1) on
                                   unix:PATH (a 0600 socket) or ADDRESS:PORT, loopback
                                   only, e.g. 127.0.0.1:9464; see METRICS in cgmanager(8)
              --metrics-subtree CGROUP
                                   report the usage of the cgroups of this subtree
                                   (default: every cgroup the daemon sees)
          -q, --quiet              log warnings and errors only
          -v, --verbose            log informational messages (default)
              --debug              log every request (method, requestor, outcome)
          -h, --help               show this help and exit
              --version            show the version and exit

        SIGTERM and SIGINT stop the daemon cleanly and remove its socket (not one
        inherited by socket activation, LISTEN_FDS). SIGHUP reopens the --log-file;
        there is no configuration file to re-read. With NOTIFY_SOCKET set, readiness,
        status, reloading and stopping are reported to it (systemd Type=notify).
        """;
}
