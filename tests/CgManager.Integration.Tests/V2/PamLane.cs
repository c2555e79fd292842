using System.Text.RegularExpressions;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.V2;

/// <summary>
/// Runs tests/v2vm/pam-lane.sh once in a throw-away pure cgroup v2 VM (issue 14): a real PAM login
/// through pam_cgm.so (runuser -l, the module in the VM's /etc/pam.d only), the user's own cgroup
/// work, rootless crun beneath the user's cgroup, and the cleanup when sessions close.
/// </summary>
public sealed partial class PamLane
{
    private static readonly Lazy<PamLane> LazyRun = new(() => new PamLane());

    private PamLane()
    {
        string module = Path.Combine(Repo.Root, "artifacts", "pam", "pam_cgm.so");
        string cgm = Path.Combine(Repo.Root, "artifacts", "bin", "cgm");
        var result = Tool.Run("bash", ["-c", $"cd {Repo.Root} && {Repo.V2VmRunner} --timeout 900 -- bash tests/v2vm/pam-lane.sh {Repo.DaemonBinary} {module} {cgm}"],
            TimeSpan.FromMinutes(16));
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

    public static PamLane Run => LazyRun.Value;

    public string Output { get; }

    public Dictionary<string, (bool Ok, string Line)> Verdicts { get; } = new(StringComparer.Ordinal);

    /// <summary>The checks the lane script makes (also those in the user's session script inside it), read from the script.</summary>
    public static IEnumerable<object[]> Checks() =>
        File.ReadLines(Path.Combine(Repo.Root, "tests", "v2vm", "pam-lane.sh"))
            .Select(line => CheckCall().Match(line))
            .Where(m => m.Success)
            .Select(m => new object[] { m.Groups[1].Value });

    [GeneratedRegex(@"^(ok|not ok) ([a-z0-9_]+)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^\s*(?:check|contains|fails) ([a-z0-9_]+) ")]
    private static partial Regex CheckCall();
}

/// <summary>Issue 14 in the pure v2 VM: every check of tests/v2vm/pam-lane.sh passed.</summary>
[Collection(AloneCollection.Name)]
public sealed class PamLaneTests
{
    [Theory]
    [MemberData(nameof(PamLane.Checks), MemberType = typeof(PamLane))]
    public void Pam_login_and_rootless_crun_check_passes(string check)
    {
        var run = PamLane.Run;
        Assert.True(run.Verdicts.TryGetValue(check, out var verdict), $"check {check} did not run in the VM:\n{run.Output}");
        Assert.True(verdict.Ok, verdict.Line + "\n" + run.Output);
    }
}
