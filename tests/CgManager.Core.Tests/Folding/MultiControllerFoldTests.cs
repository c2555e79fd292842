using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Operations;

namespace CgManager.Core.Tests.Folding;

public class MultiControllerFoldTests
{
    private static readonly CgException Denied = new(CgErrorKind.PermissionDenied, "uid 1000 may not write /x");
    private static readonly CgException Busy = new(CgErrorKind.Busy, "cgroup /x has tasks");

    /// <summary>Outcomes from a compact script: "1" existed, "-1" created, "P" permission-class, "H" hard.</summary>
    private static TokenOutcome<bool>[] Script(string script) => script.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select((step, i) => step switch
        {
            "1" => TokenOutcome.Ok($"c{i}", true),
            "-1" => TokenOutcome.Ok($"c{i}", false),
            "P" => TokenOutcome.PermissionClass<bool>($"c{i}", Denied),
            "H" => TokenOutcome.Hard<bool>($"c{i}", Busy),
            _ => throw new ArgumentException(step),
        }).ToArray();

    [Theory]
    [InlineData("1", false, 1)]
    [InlineData("-1", false, -1)]
    [InlineData("-1 -1", true, -1)]
    [InlineData("-1 1 -1", true, 1)]      // 1 if any existed
    [InlineData("P -1", true, -1)]        // permission-class skipped in list mode
    [InlineData("P 1", true, 1)]
    [InlineData("P P", true, -1)]         // everything skipped: success, as the reference
    [InlineData("", true, -1)]            // all with nothing managed
    public void Create_reports_existed_if_any_hierarchy_had_it_else_created(string script, bool listMode, int existed) =>
        Assert.Equal(existed == 1 ? CreateOutcome.Existed : CreateOutcome.Created, MultiControllerFold.Create(listMode, Script(script)));

    [Theory]
    [InlineData("P", false, "permission denied: c0: uid 1000 may not write /x")]   // single name: real failure
    [InlineData("-1 H -1", true, "busy: c1: cgroup /x has tasks")]
    [InlineData("P H", true, "busy: c1: cgroup /x has tasks")]
    public void Create_fails_on_an_unskipped_failure(string script, bool listMode, string message) =>
        Assert.Equal(message, Assert.Throws<CgException>(() => MultiControllerFold.Create(listMode, Script(script))).Message);

    [Theory]
    [InlineData("1 -1", true, 1)]
    [InlineData("-1 -1", true, -1)]       // the reference said 1 here (§11.4 fix)
    [InlineData("-1 P", true, -1)]
    [InlineData("1", false, 1)]
    [InlineData("-1", false, -1)]
    public void Remove_reports_existed_correctly_for_lists(string script, bool listMode, int existed) =>
        Assert.Equal(existed == 1 ? RemoveOutcome.Removed : RemoveOutcome.Absent, MultiControllerFold.Remove(listMode, Script(script)));

    [Theory]
    [InlineData(CgMethod.Chown, "1 P 1", true, true)]
    [InlineData(CgMethod.Chown, "P", false, false)]
    [InlineData(CgMethod.Chmod, "1 H", true, false)]
    [InlineData(CgMethod.RemoveOnEmpty, "P 1", true, true)]
    [InlineData(CgMethod.RemoveOnEmpty, "P", false, false)]
    [InlineData(CgMethod.MovePid, "1 P 1", true, false)]          // MovePid never skips
    [InlineData(CgMethod.MovePidAbs, "1 1", true, true)]
    [InlineData(CgMethod.Prune, "H P 1", true, true)]             // list Prune always succeeds
    [InlineData(CgMethod.Prune, "H", false, false)]               // single Prune reports step 1
    public void Unit_methods_fold_failures_per_the_spec_table(CgMethod method, string script, bool listMode, bool succeeds)
    {
        if (succeeds)
        {
            MultiControllerFold.Unit(method, listMode, Script(script));
        }
        else
        {
            Assert.Throws<CgException>(() => MultiControllerFold.Unit(method, listMode, Script(script)));
        }
    }

    [Fact]
    public void MovePid_reports_every_failed_hierarchy()
    {
        var error = Assert.Throws<CgException>(() => MultiControllerFold.Unit(CgMethod.MovePid, true, Script("P 1 H")));
        Assert.Equal(CgErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("permission denied: c0: permission denied: uid 1000 may not write /x; c2: busy: cgroup /x has tasks", error.Message);
    }

    [Theory]
    [InlineData(CgMethod.Create, true, "P", true)]
    [InlineData(CgMethod.Create, false, "P", false)]
    [InlineData(CgMethod.Create, true, "H", false)]
    [InlineData(CgMethod.Create, true, "1", true)]
    [InlineData(CgMethod.Remove, true, "P", true)]
    [InlineData(CgMethod.Remove, true, "H", false)]
    [InlineData(CgMethod.MovePid, true, "H", true)]
    [InlineData(CgMethod.MovePid, true, "P", true)]
    [InlineData(CgMethod.MovePidAbs, false, "H", true)]
    [InlineData(CgMethod.Prune, true, "H", true)]
    [InlineData(CgMethod.GetTasksRecursive, true, "H", false)]
    [InlineData(CgMethod.GetTasksRecursive, true, "P", true)]
    public void The_daemon_goes_on_after_success_skips_and_MovePid_failures_only(CgMethod method, bool listMode, string step, bool goesOn) =>
        Assert.Equal(goesOn, MultiControllerFold.ShouldContinue(method, listMode, Script(step)[0]));

    [Fact]
    public void GetTasksRecursive_merges_sorted_without_duplicates()
    {
        IReadOnlyList<int> tasks = MultiControllerFold.GetTasksRecursive(true,
        [
            TokenOutcome.Ok<IReadOnlyList<int>>("memory", [30, 10, 20]),
            TokenOutcome.PermissionClass<IReadOnlyList<int>>("cpu", Denied),
            TokenOutcome.Ok<IReadOnlyList<int>>("pids", [20, 5]),
        ]);
        Assert.Equal([5, 10, 20, 30], tasks);
    }

    [Fact]
    public void GetTasksRecursive_fails_on_a_hard_failure()
    {
        Assert.Throws<CgException>(() => MultiControllerFold.GetTasksRecursive(true,
            [TokenOutcome.Hard<IReadOnlyList<int>>("memory", Busy)]));
    }
}
