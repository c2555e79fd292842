using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Operations;
using CgManager.Core.Tests.Keys;

namespace CgManager.Core.Tests.Operations;

/// <summary>
/// Manager1 SetValues and Create with values, step by step on a fake cgroup (issue 11): a failed write restores the
/// earlier keys; a restore that fails as well is no longer swallowed but reported as RestoreFailed, naming the file.
/// </summary>
public class AllOrNothingTests
{
    /// <summary>One key written to the fake cgroup as KeyWrite writes it to a real one.</summary>
    private sealed class FakeKeyWrite(FakeCgroup cgroup, string key, string value) : IRestorable
    {
        private readonly KeyDefinition _definition = NeutralKeys.Resolve(key);
        private readonly List<FileWrite> _attempted = [];
        private Dictionary<string, string> _before = [];

        public string? FailRestoreOf { get; init; }

        public void Apply()
        {
            _before = cgroup.Read(_definition.FilesToReadBeforeWrite(cgroup.Version));
            foreach (var write in _definition.Write(cgroup.Version, KeyValue.Of(value), _before))
            {
                _attempted.Add(write);
                if (!cgroup.Apply(write))
                {
                    cgroup.FailOn = null; // the kernel refused that value; the old one goes back in
                    throw new CgException(CgErrorKind.InvalidArgument, $"writing \"{write.Text}\" to memory:/job/{write.File}: Invalid argument");
                }
            }
        }

        public IReadOnlyList<string> Restore()
        {
            var failed = new List<string>();
            foreach (var write in _definition.Restore(cgroup.Version, _before, _attempted))
            {
                if (write.File == FailRestoreOf || !cgroup.Apply(write))
                {
                    failed.Add($"memory:/job/{write.File} (back to \"{write.Text}\": failed: Device or resource busy)");
                }
            }

            return failed;
        }
    }

    [Fact]
    public void A_failed_write_restores_the_earlier_keys_and_reports_the_original_failure()
    {
        var cgroup = FakeCgroup.V2();
        cgroup.FailOn = "pids.max";
        var error = Assert.Throws<CgException>(() => AllOrNothing.Run(
        [
            () => new FakeKeyWrite(cgroup, "memory.limit", "128M"),
            () => new FakeKeyWrite(cgroup, "pids.max", "5"),
        ]));
        Assert.Equal(CgErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("max\n", cgroup.Files["memory.max"]);
    }

    [Fact]
    public void A_restore_that_fails_too_is_a_distinct_error_naming_what_stayed_changed()
    {
        var cgroup = FakeCgroup.V2();
        cgroup.FailOn = "pids.max";
        var error = Assert.Throws<CgException>(() => AllOrNothing.Run(
        [
            () => new FakeKeyWrite(cgroup, "memory.limit", "128M") { FailRestoreOf = "memory.max" },
            () => new FakeKeyWrite(cgroup, "cpu.weight", "200"),
            () => new FakeKeyWrite(cgroup, "pids.max", "5"),
        ]));
        Assert.Equal(CgErrorKind.RestoreFailed, error.Kind);
        Assert.StartsWith("restore failed: invalid argument: writing \"5\" to memory:/job/pids.max", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory:/job/memory.max (back to \"max\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cpu.weight", error.Message, StringComparison.Ordinal);   // that one was put back
        Assert.Equal("100\n", cgroup.Files["cpu.weight"]);
        Assert.IsType<CgException>(error.InnerException);
    }

    [Fact]
    public void A_step_refused_before_it_writes_restores_the_earlier_ones()
    {
        var cgroup = FakeCgroup.V2();
        Assert.Throws<CgException>(() => AllOrNothing.Run(
        [
            () => new FakeKeyWrite(cgroup, "cpu.weight", "300"),
            () => throw new CgException(CgErrorKind.InvalidKey, "memory:/job/nope does not exist"),
        ]));
        Assert.Equal("100\n", cgroup.Files["cpu.weight"]);
    }
}
