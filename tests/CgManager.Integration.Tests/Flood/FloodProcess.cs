using System.Diagnostics;
using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Flood;

/// <summary>
/// scripts/flood.py as an unprivileged user (setpriv, uid 1000), optionally inside a cgroup
/// sandbox: started, awaited until its flood is in place, ended by closing its stdin.
/// </summary>
public sealed class FloodProcess : IDisposable
{
    public const uint Uid = 1000;

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private FloodProcess(Process process, Task<string> stderr, JsonElement ready)
    {
        _process = process;
        _stderr = stderr;
        Ready = ready;
    }

    public static string Script => Path.Combine(Repo.Root, "tests", "CgManager.Integration.Tests", "scripts", "flood.py");

    /// <summary>What the flood got once in place (the "ready" line).</summary>
    public JsonElement Ready { get; }

    /// <summary>The "done" line, once <see cref="Finish"/> has run.</summary>
    public JsonElement? Done { get; private set; }

    public int ReadyCount(string key) => Ready.GetProperty(key).GetInt32();

    /// <summary>For assertion messages: whether the flood still runs, or how it ended (a flood that died lets go of all it held).</summary>
    public string State => _process.HasExited ? $"the flood exited with {_process.ExitCode}: {_stderr.Result}" : "the flood is running";

    /// <summary>Starts the flood and waits (at most 60 s) until it reports that it is in place.</summary>
    public static FloodProcess Start(string socket, IEnumerable<string> args, IReadOnlyList<string>? wrapper = null)
    {
        var start = new ProcessStartInfo((wrapper ?? ["setpriv"])[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (wrapper ?? ["setpriv"]).Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        if (wrapper is not null)
        {
            start.ArgumentList.Add("setpriv");
        }

        foreach (var a in new[] { $"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", Tool.Python, Script, socket })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
        {
            process.Kill();
            process.WaitForExit();
            throw new InvalidOperationException($"the flood did not get in place: {stderr.Result}");
        }

        return new FloodProcess(process, stderr, JsonDocument.Parse(line.Result).RootElement.GetProperty("ready").Clone());
    }

    /// <summary>Ends the flood (stdin closes) and waits for its last report; everything it held is closed with it.</summary>
    public JsonElement Finish()
    {
        if (Done is { } done)
        {
            return done;
        }

        _process.StandardInput.Close();
        string? last = null;
        var read = Task.Run(() =>
        {
            string? line;
            while ((line = _process.StandardOutput.ReadLine()) is not null)
            {
                last = line;
            }
        });
        if (!read.Wait(TimeSpan.FromSeconds(30)))
        {
            _process.Kill();
        }

        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException(State);
        }

        Done = last is null ? default : JsonDocument.Parse(last).RootElement.GetProperty("done").Clone();
        return Done ?? default;
    }

    public void Dispose()
    {
        try
        {
            Finish();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or JsonException)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
