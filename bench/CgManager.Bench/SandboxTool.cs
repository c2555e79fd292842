using System.Diagnostics;

namespace CgManager.Bench;

/// <summary>The cgsandbox commands the benchmark uses: create, run (as a process start), destroy.</summary>
internal static class SandboxTool
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    /// <summary>Creates the sandbox; returns the directory it made in each hierarchy.</summary>
    public static IReadOnlyList<string> Create(string name)
    {
        var (code, stdout, stderr) = RunTool(["create", name]);
        if (code != 0)
        {
            throw new BenchException($"cgsandbox create {name} failed ({code}): {stderr.Trim()}");
        }

        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Destroys the sandbox; returns the tool's complaint, or null when nothing is left.</summary>
    public static string? Destroy(string name)
    {
        var (code, _, stderr) = RunTool(["destroy", name]);
        return code == 0 ? null : $"cgsandbox destroy {name} failed ({code}): {stderr.Trim()}";
    }

    /// <summary>A start of <c>cgsandbox run NAME [--ns] -- command...</c>; the command keeps the tool's pid.</summary>
    public static ProcessStartInfo Run(string name, bool newNamespaces, IEnumerable<string> command)
    {
        var start = new ProcessStartInfo(RepoPaths.SandboxTool) { UseShellExecute = false };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(name);
        if (newNamespaces)
        {
            start.ArgumentList.Add("--ns");
        }

        start.ArgumentList.Add("--");
        foreach (string word in command)
        {
            start.ArgumentList.Add(word);
        }

        return start;
    }

    private static (int Code, string Stdout, string Stderr) RunTool(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(RepoPaths.SandboxTool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new BenchException($"cannot start {RepoPaths.SandboxTool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandLimit))
        {
            process.Kill();
            process.WaitForExit();
            return (-1, stdout.Result, $"{stderr.Result} (killed after {CommandLimit.TotalSeconds} s)");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
