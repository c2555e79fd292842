using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

public class CgroupArgumentTests
{
    public static TheoryData<MethodGroup> AllGroups => [.. Enum.GetValues<MethodGroup>()];

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void Any_dot_dot_substring_is_rejected_in_every_group(MethodGroup group)
    {
        foreach (string argument in new[] { "..", "../x", "a/..", "a..b", "..foo", "foo..", "a/b/../c", "/.." })
        {
            var error = Assert.Throws<CgException>(() => CgroupArgument.Parse(argument, group));
            Assert.Equal(CgErrorKind.InvalidCgroupName, error.Kind);
            Assert.StartsWith("invalid cgroup name: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void Nul_and_dot_components_are_rejected_in_every_group(MethodGroup group)
    {
        Assert.Throws<CgException>(() => CgroupArgument.Parse("a\0b", group));
        Assert.Throws<CgException>(() => CgroupArgument.Parse("a/./b", group));
        Assert.Throws<CgException>(() => CgroupArgument.Parse(".", group));
    }

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void Backslashes_are_ordinary_characters(MethodGroup group) =>
        Assert.Equal("/a\\b", CgroupArgument.Parse("a\\b", group).Relative.ToString());

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void A_single_trailing_slash_is_ignored(MethodGroup group) =>
        Assert.Equal("/a/b", CgroupArgument.Parse("a/b/", group).Relative.ToString());

    [Theory]
    [InlineData(MethodGroup.Creation, true)]
    [InlineData(MethodGroup.Owner, true)]
    [InlineData(MethodGroup.Removal, true)]
    [InlineData(MethodGroup.Lookup, false)]
    [InlineData(MethodGroup.MovePid, false)]
    [InlineData(MethodGroup.MovePidAbs, false)]
    public void Empty_components_are_collapsed_only_where_the_group_tolerates_them(MethodGroup group, bool tolerated)
    {
        if (tolerated)
        {
            Assert.Equal("/a/b", CgroupArgument.Parse("a//b", group).Relative.ToString());
            Assert.Equal("/a/b", CgroupArgument.Parse("//a/b", group).Relative.ToString());
        }
        else
        {
            var error = Assert.Throws<CgException>(() => CgroupArgument.Parse("a//b", group));
            Assert.Contains("empty path component", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MovePid_refuses_a_leading_slash()
    {
        var error = Assert.Throws<CgException>(() => CgroupArgument.Parse("/a", MethodGroup.MovePid));
        Assert.Contains("MovePidAbs", error.Message, StringComparison.Ordinal);
        Assert.False(CgroupArgument.Parse("a", MethodGroup.MovePid).IsAbsolute);
    }

    [Theory]
    [InlineData("", false, true)]
    [InlineData("/", true, true)]
    [InlineData("a", false, false)]
    [InlineData("/a", true, false)]
    public void Absolute_and_empty_are_reported(string argument, bool absolute, bool empty)
    {
        CgroupArgument parsed = CgroupArgument.Parse(argument, MethodGroup.Lookup);
        Assert.Equal(absolute, parsed.IsAbsolute);
        Assert.Equal(empty, parsed.IsEmpty);
    }

    [Fact]
    public void Arguments_of_MAXPATHLEN_or_more_are_rejected()
    {
        string longest = string.Join('/', Enumerable.Repeat(new string('x', 99), 40)) + "/" + new string('y', 95);
        Assert.Equal(4095, longest.Length);
        CgroupArgument.Parse(longest, MethodGroup.Creation);
        Assert.Throws<CgException>(() => CgroupArgument.Parse(longest + "z", MethodGroup.Creation));
    }
}
