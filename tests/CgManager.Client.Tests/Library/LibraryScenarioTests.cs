using CgManager.Client.Tests.Infrastructure;

namespace CgManager.Client.Tests.Library;

public sealed class SandboxFixture : IDisposable
{
    public ClientSandbox Sandbox { get; } = new();

    public void Dispose() => Sandbox.Dispose();
}

/// <summary>
/// Every library method against the real daemon, plain and Scm. The daemon resolves a caller's cgroup from
/// /proc/PID/cgroup, so the library runs in a driver process started inside the sandbox (see
/// tests/CgManager.Client.Driver/Scenarios.cs for what each scenario checks).
/// </summary>
public sealed class LibraryScenarioTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly ClientSandbox _sandbox = fixture.Sandbox;

    private void Scenario(string name, string[]? args = null, string[]? prefix = null)
    {
        var result = _sandbox.RunInside([TestPaths.Driver, _sandbox.SocketPath, name, .. args ?? []], prefix);
        Assert.True(result.ExitCode == 0 && result.Stdout.Trim() == "ok", $"{result}\ndaemon log:\n{Tail(_sandbox.DaemonLog)}");
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    [SandboxFact]
    public void Ping_api_version_and_controllers_answer() => Scenario("basics");

    [SandboxFact]
    public void Create_and_remove_report_existed_in_both_forms() => Scenario("create_remove");

    [SandboxFact]
    public void Values_and_keys_round_trip_in_both_forms() => Scenario("values_keys");

    [SandboxFact]
    public void GetTree_reads_a_subtree_with_records_as_dictionaries() => Scenario("tree");

    [SandboxFact]
    public void Chown_and_chmod_change_owner_and_mode_in_both_forms() => Scenario("chown_chmod");

    [SandboxFact]
    public void Tasks_moves_and_pid_cgroups_agree_in_both_forms() => Scenario("tasks_move");

    [SandboxFact]
    public void Prune_and_remove_on_empty_remove_empty_cgroups_in_both_forms() => Scenario("prune_removeonempty");

    [SandboxFact]
    public void Refusals_are_typed_exceptions_with_the_daemons_message() => Scenario("errors");

    [SandboxFact]
    public void Explicit_requestor_and_victim_credentials_work_for_every_Scm_method() => Scenario("explicit_scm_credentials");

    [SandboxFact]
    public void Auto_mode_uses_plain_calls_in_the_initial_namespaces() => Scenario("auto_mode", ["plain"]);

    [SandboxFact]
    public void Auto_mode_uses_Scm_in_a_user_namespace_and_the_calls_still_work() =>
        Scenario("auto_mode", ["scm"], ["unshare", "--user", "--map-root-user", "--"]);

    [SandboxFact]
    public void A_call_cancelled_before_it_is_sent_is_not_sent() => Scenario("cancelled_before_call");
}
