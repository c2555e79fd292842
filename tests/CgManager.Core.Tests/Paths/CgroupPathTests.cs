using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

public class CgroupPathTests
{
    [Theory]
    [InlineData("/", "/", 0)]
    [InlineData("/a", "/a", 1)]
    [InlineData("/a/b", "/a/b", 2)]
    [InlineData("//a///b/", "/a/b", 2)]
    [InlineData("/user.slice/user-1000.slice", "/user.slice/user-1000.slice", 2)]
    [InlineData("/a\\b", "/a\\b", 1)]
    public void Kernel_paths_are_normalized(string text, string normalized, int depth)
    {
        CgroupPath path = CgroupPath.Parse(text);
        Assert.Equal(normalized, path.ToString());
        Assert.Equal(depth, path.Depth);
    }

    [Theory]
    [InlineData("a/b", "not an absolute")]
    [InlineData("", "not an absolute")]
    [InlineData("/a/../b", "'..' is not allowed")]
    [InlineData("/..", "'..' is not allowed")]
    [InlineData("/a/./b", "'.' is not allowed")]
    [InlineData("/a\0b", "NUL")]
    public void Kernel_paths_that_could_leave_the_root_are_rejected(string text, string reason)
    {
        var error = Assert.Throws<CgException>(() => CgroupPath.Parse(text));
        Assert.Equal(CgErrorKind.InvalidCgroupName, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a/b/c", "/a", true)]
    [InlineData("/a", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/ab", "/a", false)]      // sibling with a common prefix (S-2)
    [InlineData("/abc/d", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/", "/a", false)]
    [InlineData("/b/a", "/a", false)]
    public void Containment_compares_whole_components(string path, string ancestor, bool beneath) =>
        Assert.Equal(beneath, CgroupPath.Parse(path).IsBeneathOrEqual(CgroupPath.Parse(ancestor)));

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", false)]
    [InlineData("/ab", "/a", false)]
    public void Strict_containment_excludes_the_cgroup_itself(string path, string ancestor, bool beneath) =>
        Assert.Equal(beneath, CgroupPath.Parse(path).IsStrictlyBeneath(CgroupPath.Parse(ancestor)));

    [Theory]
    [InlineData("/a/b/c", "/a", true, "/b/c")]
    [InlineData("/a", "/a", true, "/")]
    [InlineData("/ab", "/a", false, "/")]
    public void Relative_paths_exist_only_below_the_ancestor(string path, string ancestor, bool ok, string relative)
    {
        Assert.Equal(ok, CgroupPath.Parse(path).TryGetRelativeTo(CgroupPath.Parse(ancestor), out CgroupPath rest));
        Assert.Equal(relative, rest.ToString());
    }

    [Fact]
    public void The_default_value_is_the_root()
    {
        CgroupPath path = default;
        Assert.True(path.IsRoot);
        Assert.Equal(CgroupPath.Root, path);
        Assert.Equal(CgroupPath.Parse("/"), path);
        Assert.Equal("/", path.ToString());
        Assert.Equal(string.Empty, path.ToRelativeString());
        Assert.Equal(CgroupPath.Root, path.Parent);
    }

    [Fact]
    public void Equal_paths_are_equal_and_hash_alike()
    {
        CgroupPath a = CgroupPath.Parse("/x/y");
        CgroupPath b = CgroupPath.Root.Append("x").Append("y");
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, CgroupPath.Parse("/x/yy"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\0")]
    public void Appending_an_invalid_component_is_rejected(string component) =>
        Assert.Equal(CgErrorKind.InvalidCgroupName, Assert.Throws<CgException>(() => CgroupPath.Root.Append(component)).Kind);

    [Fact]
    public void A_component_longer_than_NAME_MAX_is_rejected() =>
        Assert.Throws<CgException>(() => CgroupPath.Root.Append(new string('x', 256)));

    [Fact]
    public void Combine_and_parent_work_by_components()
    {
        CgroupPath combined = CgroupPath.Parse("/a").Combine(CgroupPath.Parse("/b/c"));
        Assert.Equal("/a/b/c", combined.ToString());
        Assert.Equal("/a/b", combined.Parent.ToString());
        Assert.Equal("c", combined.Name);
        Assert.Equal("a/b/c", combined.ToRelativeString());
    }
}
