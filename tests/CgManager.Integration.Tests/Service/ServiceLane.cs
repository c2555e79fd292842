using System.Text.RegularExpressions;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>
/// Builds the Debian packages (scripts/build-deb.sh: dpkg-buildpackage -b, then lintian), then runs
/// tests/v2vm/service-lane.sh once in the throw-away VM, where the sysvinit and OpenRC scripts and
/// the package are installed, started, queried and stopped for real; keeps each check's verdict.
/// </summary>
public sealed partial class ServiceLane
{
    private static readonly Lazy<ServiceLane> LazyRun = new(() => new ServiceLane());

    private ServiceLane()
    {
        Package = Tool.Run("bash", ["-c", $"cd {Repo.Root} && ./scripts/build-deb.sh"], TimeSpan.FromMinutes(20));
        string debs = Path.Combine(Repo.Root, "artifacts", "deb");
        string bin = Path.GetDirectoryName(Repo.DaemonBinary)!;
        string openrc = Environment.GetEnvironmentVariable("CGM_VM_DEBS") is { Length: > 0 } d ? d : "/var/cache/cgmanager-cs/vm-debs";
        string runner = Repo.V2VmRunner;
        var result = Tool.Run("bash", ["-c", $"cd {Repo.Root} && {runner} --timeout 1200 -- bash tests/v2vm/service-lane.sh {bin} {debs} {openrc}"],
            TimeSpan.FromMinutes(21));
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

    public static ServiceLane Run => LazyRun.Value;

    /// <summary>The package build with lintian: its exit status and output.</summary>
    public ToolResult Package { get; }

    public string Output { get; }

    public Dictionary<string, (bool Ok, string Line)> Verdicts { get; } = new(StringComparer.Ordinal);

    /// <summary>The checks the lane script makes, read from the script itself so the two cannot drift.</summary>
    public static IEnumerable<object[]> Checks()
    {
        var names = new List<object[]>();
        foreach (var line in File.ReadLines(Path.Combine(Repo.Root, "tests", "v2vm", "service-lane.sh")))
        {
            var match = CheckCall().Match(line);
            if (match.Success)
            {
                names.Add([match.Groups[1].Value]);
            }
            else if (line.Contains("name=pkg_ships", StringComparison.Ordinal))
            {
                // The loop over shipped files names its checks from the file list above it.
                names.AddRange(ShippedFiles().Select(f => new object[] { "pkg_ships" + Regex.Replace(f, "[/.-]", "_") }));
            }
        }

        return names;
    }

    private static IEnumerable<string> ShippedFiles()
    {
        string script = File.ReadAllText(Path.Combine(Repo.Root, "tests", "v2vm", "service-lane.sh"));
        var loop = ShippedLoop().Match(script);
        return loop.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^(ok|not ok) ([a-z0-9_]+)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^\s*(?:check|contains|runs) ([a-z0-9_]+) ")]
    private static partial Regex CheckCall();

    [GeneratedRegex(@"for f in ((?:[^;])+); do")]
    private static partial Regex ShippedLoop();
}

/// <summary>Issue 15: the Debian package builds lintian-clean; the init scripts and the package work in the VM.</summary>
[Collection(AloneCollection.Name)]
public sealed class ServiceLaneTests
{
    // The VM's attributes: these skip, with the reason, where the VM cannot boot.
    [V2.Fact]
    public void Debian_packages_build_and_lintian_reports_no_error_or_warning()
    {
        var package = ServiceLane.Run.Package;
        Assert.True(package.ExitCode == 0, package.ToString());
        foreach (var deb in new[] { "cgmanager_", "cgm_" })
        {
            Assert.Single(Directory.GetFiles(Path.Combine(Repo.Root, "artifacts", "deb"), deb + "*_amd64.deb"));
        }

        Assert.DoesNotMatch(@"(?m)^[EW]: ", File.ReadAllText(Path.Combine(Repo.Root, "artifacts", "deb", "lintian.txt")));
    }

    [V2.Theory]
    [MemberData(nameof(ServiceLane.Checks), MemberType = typeof(ServiceLane))]
    public void Service_lane_check_passes(string check)
    {
        var run = ServiceLane.Run;
        Assert.True(run.Verdicts.TryGetValue(check, out var verdict), $"check {check} did not run in the VM:\n{run.Output}");
        Assert.True(verdict.Ok, verdict.Line);
    }
}
