using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Access;

public class OwnershipPolicyTests
{
    [Theory]
    [InlineData("host root", CallStyle.Plain, 1000u, 1000u, true)]
    [InlineData("host root", CallStyle.Scm, 100000u, 100000u, true)]
    [InlineData("container root", CallStyle.Scm, 100000u, 100000u, true)]
    [InlineData("container root", CallStyle.Scm, 165535u, 165535u, true)]
    [InlineData("container root", CallStyle.Scm, uint.MaxValue, uint.MaxValue, true)]   // -1: leave unchanged
    [InlineData("userns root", CallStyle.Scm, 1000u, 1000u, true)]
    public void Chown_by_host_root_or_userns_root_to_mapped_ids_is_allowed(string who, CallStyle style, uint uid, uint gid, bool allowed) =>
        Assert.Equal(allowed, OwnershipPolicy.MayChown(Who.Get(who), style, uid, gid).IsAllowed);

    [Theory]
    [InlineData("alice", CallStyle.Plain, 1000u, 1000u, "neither")]
    [InlineData("alice", CallStyle.Scm, 1000u, 1000u, "neither")]
    [InlineData("container user", CallStyle.Scm, 101000u, 101000u, "neither")]
    [InlineData("container root", CallStyle.Scm, 0u, 100000u, "uid 0 is not mapped")]
    [InlineData("container root", CallStyle.Scm, 100000u, 0u, "gid 0 is not mapped")]
    [InlineData("container root", CallStyle.Scm, 165536u, 100000u, "uid 165536 is not mapped")]
    [InlineData("userns root", CallStyle.Scm, 1001u, 1000u, "uid 1001 is not mapped")]
    public void Chown_by_others_or_to_unmapped_ids_is_denied(string who, CallStyle style, uint uid, uint gid, string reason)
    {
        Decision decision = OwnershipPolicy.MayChown(Who.Get(who), style, uid, gid);
        Assert.False(decision.IsAllowed);
        Assert.Equal(CgErrorKind.PermissionDenied, decision.Kind);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("container root")]
    [InlineData("userns root")]
    public void Plain_chown_from_another_user_namespace_is_refused(string who)
    {
        Decision decision = OwnershipPolicy.MayChown(Who.Get(who), CallStyle.Plain, 100000, 100000);
        Assert.Equal(CgErrorKind.Namespace, decision.Kind);
        Assert.StartsWith("namespace: plain Chown called from a different user namespace", decision.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", 1000u, 0x41ED, true)]
    [InlineData("alice", 0u, 0x41ED, false)]
    [InlineData("container root", 100000u, 0x4000, true)]
    [InlineData("container root", 0u, 0x41FF, true)]       // world-writable
    [InlineData("container root", 0u, 0x41ED, false)]
    public void Chown_and_chmod_need_read_and_write_on_the_object(string who, uint owner, int mode, bool allowed) =>
        Assert.Equal(allowed, OwnershipPolicy.MayChangeOwnerOrMode(Who.Get(who), new FileFacts(owner, owner, (uint)mode), "/c").IsAllowed);

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(-1, -1, true)]
    [InlineData(0, -1, true)]
    [InlineData(-2, 0, false)]
    [InlineData(0, int.MinValue, false)]
    public void Plain_chown_ids_are_non_negative_or_minus_one(int uid, int gid, bool valid)
    {
        if (valid)
        {
            (uint u, uint g) = OwnershipPolicy.TargetIds(uid, gid, unchangedAllowed: true);
            Assert.Equal(unchecked((uint)uid), u);
            Assert.Equal(unchecked((uint)gid), g);
        }
        else
        {
            Assert.Equal(CgErrorKind.InvalidArgument, Assert.Throws<CgException>(() => OwnershipPolicy.TargetIds(uid, gid, unchangedAllowed: true)).Kind);
        }
    }

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(0, 0, true)]
    [InlineData(-1, 1000, false)]
    [InlineData(1000, -1, false)]
    [InlineData(-2, 0, false)]
    public void Ids_that_travel_as_a_credential_cannot_say_unchanged(int uid, int gid, bool valid)
    {
        if (valid)
        {
            Assert.Equal((unchecked((uint)uid), unchecked((uint)gid)), OwnershipPolicy.TargetIds(uid, gid, unchangedAllowed: false));
        }
        else
        {
            var e = Assert.Throws<CgException>(() => OwnershipPolicy.TargetIds(uid, gid, unchangedAllowed: false));
            Assert.Equal(CgErrorKind.InvalidArgument, e.Kind);
            Assert.Contains($"uid {uid} / gid {gid}", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Translated_ids_skip_the_plain_user_namespace_rule_but_not_the_mapping_rule()
    {
        var container = Who.Get("container root");
        Assert.Equal(CgErrorKind.Namespace, OwnershipPolicy.MayChown(container, IdOrigin.HostIntegers, 100000, 100000).Kind);
        Assert.Equal(OwnershipPolicy.MayChown(container, CallStyle.Scm, 100000, 100000).IsAllowed,
            OwnershipPolicy.MayChown(container, IdOrigin.Translated, 100000, 100000).IsAllowed);
        Assert.False(OwnershipPolicy.MayChown(container, IdOrigin.Translated, 1, 1).IsAllowed);
    }
}
