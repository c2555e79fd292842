using CgManager.Core.Access;
using CgManager.Core.Errors;

namespace CgManager.Core.Tests.Access;

public class NamespacePolicyTests
{
    public static TheoryData<CgMethod> PidMethods =>
        [CgMethod.GetPidCgroup, CgMethod.GetPidCgroupAbs, CgMethod.MovePid, CgMethod.MovePidAbs, CgMethod.GetTasks, CgMethod.GetTasksRecursive];

    public static TheoryData<CgMethod> OtherMethods =>
        [CgMethod.Create, CgMethod.Chmod, CgMethod.GetValue, CgMethod.SetValue, CgMethod.Remove, CgMethod.ListChildren,
         CgMethod.RemoveOnEmpty, CgMethod.Prune, CgMethod.ListKeys, CgMethod.ListControllers, CgMethod.Ping];

    [Theory]
    [MemberData(nameof(PidMethods))]
    public void Plain_calls_with_pids_from_another_pid_namespace_are_refused(CgMethod method)
    {
        Decision decision = NamespacePolicy.MayCallPlain(method, CallStyle.Plain, new NamespaceFacts(false, true));
        Assert.Equal(CgErrorKind.Namespace, decision.Kind);
        Assert.Contains($"plain {method} called from a different pid namespace", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PidMethods))]
    public void Calls_with_pids_are_allowed_from_the_daemons_pid_namespace_or_as_scm(CgMethod method)
    {
        Assert.True(NamespacePolicy.MayCallPlain(method, CallStyle.Plain, new NamespaceFacts(true, false)).IsAllowed);
        Assert.True(NamespacePolicy.MayCallPlain(method, CallStyle.Scm, new NamespaceFacts(false, false)).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(OtherMethods))]
    public void Plain_calls_without_pids_are_allowed_from_any_namespace(CgMethod method) =>
        Assert.True(NamespacePolicy.MayCallPlain(method, CallStyle.Plain, new NamespaceFacts(false, false)).IsAllowed);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Plain_chown_depends_on_the_user_namespace_only(bool sameUserNs, bool allowed) =>
        Assert.Equal(allowed, NamespacePolicy.MayCallPlain(CgMethod.Chown, CallStyle.Plain, new NamespaceFacts(false, sameUserNs)).IsAllowed);
}
