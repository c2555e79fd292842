using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Access;

public class FileAccessPolicyTests
{
    [Theory]
    // host root may do anything
    [InlineData("host root", 1000u, 1000u, "0000", AccessMode.ReadWrite, true)]
    // owner decides from the owner bits only (POSIX: group/other bits do not help the owner)
    [InlineData("alice", 1000u, 1000u, "0755", AccessMode.ReadWrite, true)]
    [InlineData("alice", 1000u, 1000u, "0555", AccessMode.Write, false)]
    [InlineData("alice", 1000u, 1000u, "0077", AccessMode.Read, false)]       // owner has nothing
    [InlineData("alice", 1000u, 1000u, "0400", AccessMode.Read, true)]
    [InlineData("alice", 1000u, 1000u, "0400", AccessMode.ReadWrite, false)]
    // group member decides from the group bits only
    [InlineData("bob", 1000u, 1000u, "0770", AccessMode.ReadWrite, true)]
    [InlineData("bob", 1000u, 1000u, "0707", AccessMode.Read, false)]         // group has nothing
    // others
    [InlineData("carol", 1000u, 1000u, "0755", AccessMode.Read, true)]
    [InlineData("carol", 1000u, 1000u, "0755", AccessMode.Write, false)]
    [InlineData("carol", 1000u, 1000u, "0777", AccessMode.ReadWrite, true)]
    // root of a user namespace over an owner mapped into it
    [InlineData("container root", 100000u, 100000u, "0000", AccessMode.ReadWrite, true)]
    [InlineData("container root", 165535u, 0u, "0000", AccessMode.ReadWrite, true)]
    // ... but not over an unmapped owner (host root's files), where it is just "other"
    [InlineData("container root", 0u, 0u, "0755", AccessMode.Write, false)]
    [InlineData("container root", 0u, 0u, "0755", AccessMode.Read, true)]
    [InlineData("container root", 165536u, 0u, "0700", AccessMode.Read, false)]
    // a container user is not root there: plain owner bits
    [InlineData("container user", 100000u, 100000u, "0700", AccessMode.Read, false)]
    [InlineData("container user", 101000u, 101000u, "0700", AccessMode.ReadWrite, true)]
    // write-only files work for writers
    [InlineData("alice", 1000u, 1000u, "0200", AccessMode.Write, true)]
    public void May_access_follows_the_reference_order(string who, uint ownerUid, uint ownerGid, string octalMode, AccessMode wanted, bool allowed)
    {
        Decision decision = FileAccessPolicy.MayAccess(Who.Get(who), new FileFacts(ownerUid, ownerGid, 0x4000u | Convert.ToUInt32(octalMode, 8)), wanted, "/x");
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(CgErrorKind.PermissionDenied, decision.Kind);
            Assert.Contains("/x", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_denial_names_who_what_and_which_bits()
    {
        Decision decision = FileAccessPolicy.MayAccess(Who.Get("carol"), new FileFacts(0, 0, 0x41ED), AccessMode.Write, "/lxc/c1/tasks");
        Assert.Equal("permission denied: uid 1002 (gid 1002) may not write /lxc/c1/tasks: owner 0:0, mode 0755, checked against the other bits", decision.ToString());
    }

    [Fact]
    public void Access_to_a_missing_object_is_denied_even_for_host_root()
    {
        Decision decision = FileAccessPolicy.MayAccess(Who.Get("host root"), null, AccessMode.Read, "/gone");
        Assert.False(decision.IsAllowed);
        Assert.Equal(CgErrorKind.NoSuchCgroup, decision.Kind);
    }

    [Fact]
    public void A_denial_throws_as_a_cg_exception()
    {
        Decision decision = FileAccessPolicy.MayAccess(Who.Get("carol"), new FileFacts(0, 0, 0x41C0), AccessMode.Read, "/x");
        var error = Assert.Throws<CgException>(decision.ThrowIfDenied);
        Assert.StartsWith("permission denied: uid 1002", error.Message, StringComparison.Ordinal);
        Decision.Allow.ThrowIfDenied();
    }
}
