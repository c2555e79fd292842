using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Nesting;

/// <summary>One datagram the Python Scm client received: its bytes and any credential that came with it.</summary>
public sealed record Datagram(string Hex, int[]? Credential)
{
    public byte[] Bytes => Convert.FromHexString(Hex);

    public int AsInt32 => BitConverter.ToInt32(Bytes);
}

/// <summary>What one run of scripts/scm_client.py saw (spec §4, byte by byte).</summary>
public sealed record ScmOutcome(string DBus, string? Error, string? Message, Datagram? Kick, Datagram? Kick2,
    IReadOnlyList<Datagram> Datagrams, int? SendError, string? VictimCgroup, int? VictimPid, string Raw)
{
    /// <summary>The one result datagram of a simple method.</summary>
    public string ResultHex => Assert.Single(Datagrams).Hex;

    public override string ToString() => Raw;
}

/// <summary>Runs the independent Python Scm client inside the sandbox, as whoever the test says.</summary>
public static class ScmClient
{
    public static string Script => Path.Combine(Repo.Root, "tests", "CgManager.Integration.Tests", "scripts", "scm_client.py");

    public static ScmOutcome Run(CgroupSandbox sandbox, Identity who, string method, IEnumerable<string> args, string? inCgroup = null, IReadOnlyList<string>? wrapper = null)
    {
        var argv = new List<string>(wrapper ?? []) { Tool.Python, Script, sandbox.Daemon.SocketPath, method };
        argv.AddRange(args);
        var run = sandbox.Run(who, argv, inCgroup);
        Assert.True(run.ExitCode == 0, $"scm_client failed: {run}");
        return Parse(run.Stdout.Trim());
    }

    public static ScmOutcome Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new ScmOutcome(
            root.GetProperty("dbus").GetString()!,
            Optional(root, "error")?.GetString(),
            Optional(root, "message")?.GetString(),
            ToDatagram(Optional(root, "kick")),
            ToDatagram(Optional(root, "kick2")),
            root.TryGetProperty("datagrams", out var list) ? list.EnumerateArray().Select(d => ToDatagram(d)!).ToArray() : [],
            Optional(root, "send_error")?.GetInt32(),
            Optional(root, "victim_cgroup")?.GetString(),
            Optional(root, "victim_pid")?.GetInt32(),
            json);
    }

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static Datagram? ToDatagram(JsonElement? element) =>
        element is { } e
            ? new Datagram(e.GetProperty("hex").GetString()!,
                e.TryGetProperty("cred", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null)
            : null;

    /// <summary>The hex of a string result: its UTF-8 bytes and one NUL.</summary>
    public static string StringResult(string value) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(value + "\0"));
}
