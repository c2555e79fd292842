using System.Text.RegularExpressions;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.V2;

/// <summary>
/// Runs tests/v2vm/lane.sh once in a throw-away VM whose kernel has every controller on cgroup v2
/// (tests/v2vm/run.sh), with the real NativeAOT daemon, and keeps each check's verdict.
/// </summary>
public sealed partial class PureV2Lane
{
    private static readonly Lazy<PureV2Lane> LazyRun = new(() => new PureV2Lane());

    private PureV2Lane()
    {
        string runner = Repo.V2VmRunner;
        var result = Tool.Run("bash", ["-c", $"cd {Repo.Root} && {runner} --timeout 600 -- bash tests/v2vm/lane.sh {Repo.DaemonBinary}"],
            TimeSpan.FromMinutes(11));
        Output = result.ToString();
        foreach (var line in result.Stdout.Split('\n'))
        {
            var match = Verdict().Match(line);
            if (match.Success)
            {
                Verdicts[match.Groups[2].Value] = (match.Groups[1].Value == "ok", line);
            }
        }
    }

    public static PureV2Lane Run => LazyRun.Value;

    public string Output { get; }

    public Dictionary<string, (bool Ok, string Line)> Verdicts { get; } = new(StringComparer.Ordinal);

    /// <summary>The checks the lane script makes, read from the script itself so the two cannot drift.</summary>
    public static IEnumerable<object[]> Checks() =>
        File.ReadLines(Path.Combine(Repo.Root, "tests", "v2vm", "lane.sh"))
            .Select(line => CheckCall().Match(line))
            .Where(m => m.Success)
            .Select(m => new object[] { m.Groups[1].Value });

    [GeneratedRegex(@"^(ok|not ok) ([a-z0-9_]+)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^\s*(?:check|contains) ([a-z0-9_]+) ")]
    private static partial Regex CheckCall();
}

/// <summary>The pure v2 lane of issue 6: every check of tests/v2vm/lane.sh passed in the VM.</summary>
[Collection(AloneCollection.Name)]
public sealed class PureV2LaneTests
{
    [Theory]
    [MemberData(nameof(PureV2Lane.Checks), MemberType = typeof(PureV2Lane))]
    public void Pure_v2_host_check_passes(string check)
    {
        var run = PureV2Lane.Run;
        Assert.True(run.Verdicts.TryGetValue(check, out var verdict), $"check {check} did not run in the VM:\n{run.Output}");
        Assert.True(verdict.Ok, verdict.Line);
    }
}
