using System.Text.RegularExpressions;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Delegation;

/// <summary>pam_cgm's pure logic in C (tests/pam/pam-cgm-unit.c, built by scripts/build.sh): each of its checks is a test case.</summary>
public sealed partial class PamCgmUnitTests
{
    private static readonly Lazy<(Dictionary<string, string> Verdicts, string Output)> LazyRun = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("pam-cgm-unit.");
        try
        {
            var result = Tool.Run(Path.Combine(Repo.Root, "artifacts", "pam", "pam-cgm-unit"), dir.FullName);
            var verdicts = result.Stdout.Split('\n').Select(l => Verdict().Match(l)).Where(m => m.Success)
                .ToDictionary(m => m.Groups[2].Value, m => m.Value, StringComparer.Ordinal);
            return (verdicts, result.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    });

    public static IEnumerable<object[]> Checks() =>
        File.ReadLines(Path.Combine(Repo.Root, "tests", "pam", "pam-cgm-unit.c"))
            .Select(l => CheckCall().Match(l)).Where(m => m.Success).Select(m => new object[] { m.Groups[1].Value });

    [Theory]
    [MemberData(nameof(Checks))]
    public void Pam_cgm_unit_check_passes(string check)
    {
        var (verdicts, output) = LazyRun.Value;
        Assert.True(verdicts.TryGetValue(check, out string? line), $"{check} did not run:\n{output}");
        Assert.StartsWith("ok ", line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(ok|not ok) ([a-z0-9_]+)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"check(?:_int)?\(""([a-z0-9_]+)""")]
    private static partial Regex CheckCall();
}
