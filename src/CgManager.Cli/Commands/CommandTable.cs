namespace CgManager.Cli.Commands;

/// <summary>Every subcommand, in the order usage lists them.</summary>
internal static class CommandTable
{
    private const string Multi = "CONTROLLER may be 'all' or a comma-separated list.";
    private const string Modern = "CGROUP is one name across the hierarchies, relative to the caller's own (the modern interface).";
    private const string Keys = "KEY is version-neutral (memory.limit, cpu.weight, pids.max... see docs/keys.md) or a raw file name;\n"
        + "VALUE is a number, bytes with K/M/G/T, or max for no limit.";
    private const string Relative = "CGROUP is relative to the caller's own cgroup; '' names that cgroup itself.";

    public static readonly Command[] All =
    [
        new("ping", "", 0, 0, "Check that the cgroup manager answers.", "", ActionCommands.Ping),
        new("create", "CONTROLLER CGROUP", 2, 2, "Create CGROUP (and missing parents); prints 'Path existed' if it was there.",
            Multi + "\n" + Relative, ActionCommands.Create, HasJson: true),
        new("chown", "CONTROLLER CGROUP UID GID", 4, 4, "Give CGROUP to UID:GID (decimal; needs root in the caller's user namespace).",
            Multi, ActionCommands.Chown),
        new("chmod", "CONTROLLER CGROUP MODE", 3, 3, "Set the mode of CGROUP's directory (MODE in octal, e.g. 775).",
            Multi, ActionCommands.Chmod),
        new("chmodfile", "CONTROLLER CGROUP FILE MODE", 4, 4, "Set the mode of FILE in CGROUP (MODE in octal).",
            Multi, ActionCommands.ChmodFile),
        new("remove", "[-r] CONTROLLER CGROUP [0|1]", 2, 3, "Remove CGROUP; prints 'Path did not exist' if there was none.",
            "Recursive unless the last argument is 0 (-r says recursive explicitly).\n" + Multi, ActionCommands.Remove, HasJson: true),
        new("removeonempty", "CONTROLLER CGROUP", 2, 2, "Remove CGROUP once it has no tasks and no children.",
            Multi, ActionCommands.RemoveOnEmpty),
        new("prune", "CONTROLLER [CGROUP]", 1, 2, "Remove every empty cgroup below CGROUP; mark busy ones for removal when empty.",
            Multi, ActionCommands.Prune),
        new("movepid", "CONTROLLER CGROUP PID", 3, 3, "Move PID into CGROUP (below the caller's cgroup).",
            Multi, ActionCommands.MovePid),
        new("movepidabs", "CONTROLLER CGROUP PID", 3, 3, "Move PID into CGROUP given from the manager's root (or the proxy's).",
            Multi, ActionCommands.MovePidAbs),
        new("getpidcgroup", "CONTROLLER PID", 2, 2, "Print PID's cgroup relative to the caller's.", "", QueryCommands.GetPidCgroup, HasJson: true),
        new("getpidcgroupabs", "CONTROLLER PID", 2, 2, "Print PID's cgroup from the manager's root (or the proxy's).", "",
            QueryCommands.GetPidCgroupAbs, HasJson: true),
        new("getvalue", "CONTROLLER CGROUP FILE", 3, 3, "Print the value of FILE in CGROUP.", "", QueryCommands.GetValue, HasJson: true),
        new("setvalue", "CONTROLLER CGROUP FILE VALUE", 4, 4, "Write VALUE to FILE in CGROUP.", "", ActionCommands.SetValue),
        new("gettasks", "CONTROLLER [CGROUP]", 1, 2, "Print the tasks of CGROUP, one per line.", "", QueryCommands.GetTasks, HasJson: true),
        new("gettasksrecursive", "CONTROLLER [CGROUP]", 1, 2, "Print the tasks of CGROUP and its descendants, one per line.",
            Multi, QueryCommands.GetTasksRecursive, HasJson: true),
        new("listchildren", "CONTROLLER [CGROUP]", 1, 2, "Print the child cgroups of CGROUP, one per line.", "",
            QueryCommands.ListChildren, HasJson: true),
        new("listcontrollers", "", 0, 0, "Print the hierarchies the manager handles, one per line.", "",
            QueryCommands.ListControllers, HasJson: true),
        new("listkeys", "CONTROLLER [CGROUP]", 1, 2, "Print the files of CGROUP as 'name uid gid mode' (mode in octal).", "",
            QueryCommands.ListKeys, HasJson: true),
        new("apiversion", "", 0, 0, "Print the manager's API version.", "", QueryCommands.ApiVersion, HasJson: true),
        new("tree", "[CONTROLLER] [CGROUP]", 0, 2, "Print the cgroups below CGROUP, indented, with their task counts.",
            "Without CONTROLLER, every hierarchy is shown.", TreeCommand.Run, HasJson: true),
        new("exec", "CONTROLLER CGROUP -- COMMAND [ARG]...", 2, 2, "Move cgm itself into CGROUP, then run COMMAND there.",
            Multi + "\nExits 127 if COMMAND is not found, 126 if it cannot be run.", ExecCommand.Run),
        new("freeze", "CGROUP", 1, 1, "Freeze every task of CGROUP and below; returns once the kernel says they are frozen.",
            Modern, ModernCommands.Freeze, Modern: true),
        new("thaw", "CGROUP", 1, 1, "Thaw CGROUP; returns once the kernel says it is thawed.", Modern, ModernCommands.Thaw, Modern: true),
        new("kill", "[-s SIGNAL] [-v] CGROUP", 1, 1, "Send SIGNAL (default TERM) to every task of CGROUP and below.",
            "SIGNAL is a name (TERM, SIGKILL, kill) or a number. -v prints how many tasks were signalled.\n" + Modern,
            ModernCommands.Kill, HasJson: true, Modern: true),
        new("set", "CGROUP KEY=VALUE...", 2, int.MaxValue, "Set values of CGROUP, all or nothing: if one fails, none is changed.",
            Keys + "\n" + Modern, ModernCommands.Set, Modern: true),
        new("get", "CGROUP KEY...", 2, int.MaxValue, "Print values of CGROUP as 'KEY VALUE' lines.",
            Keys + "\n" + Modern, ModernCommands.Get, HasJson: true, Modern: true),
        new("stat", "CGROUP", 1, 1, "Print every usage key of CGROUP: CPU, memory, I/O, pids, pressure.",
            "Bytes as K/M/G, microseconds as seconds, pressure averages in percent; --json gives the raw numbers\n"
            + "(records as nested objects). A key this host cannot serve shows the daemon's reason.\n" + Modern,
            StatCommand.Run, HasJson: true, Modern: true),
        new("top", "[-b|--batch] [-n N] [-d SECONDS] [CGROUP]", 0, 1, "Show the cgroups below CGROUP sorted by CPU use, refreshed in place; q quits.",
            "Columns: tasks, CPU in % of one CPU, memory, I/O bytes read and written per second, and pressure (PSI\n"
            + "some avg10, %) for cpu, memory and io; '-' where this host has no such figure or before the second\n"
            + "reading. --batch prints one snapshot after another (as when stdout is not a terminal), -n stops after N,\n"
            + "-d sets the interval (default 1 second); --json prints one object per snapshot.\n" + Modern,
            TopCommand.Run, HasJson: true, Modern: true),
        new("watch", "[--count N] [-v] CGROUP EVENT...", 2, int.MaxValue, "Print 'CGROUP EVENT VALUE' for each change of the events, as it happens.",
            "EVENT is populated, frozen (true/false), oom_kill or max (counts). Runs until interrupted, or until\n"
            + "N events arrived with --count N. -v says on stderr when the watch is in place. With --json, one\n"
            + "object per line.\n" + Modern, ModernCommands.Watch, HasJson: true, Modern: true),
        new("delegate", "CGROUP USER[:GROUP] [session=NAME] [pid=PID] [KEY=VALUE]...", 2, int.MaxValue,
            "Give CGROUP to USER as cgroup v2 delegates (host root only); prints the session's path, or CGROUP's.",
            "USER and GROUP are names or numbers (GROUP: USER's primary group). The directory and the files of\n"
            + "/sys/kernel/cgroup/delegate become USER's; KEY=VALUE are CGROUP's limits and stay root's; session=NAME\n"
            + "makes the leaf NAME inside it, pid=PID moves PID there.\n" + Keys + "\n" + Modern,
            DelegateCommands.Delegate, HasJson: true, Modern: true),
        new("undelegate", "CGROUP [SESSION]", 1, 2, "Remove SESSION, then CGROUP, each if no task is left in it; prints what went.",
            Modern, DelegateCommands.Undelegate, Modern: true),
    ];

    public static readonly Dictionary<string, Command> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
}
