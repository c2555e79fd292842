namespace CgManager.Linux.Tests.Kernel;

public class RelativePathTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("a")]
    [InlineData("a/b/c")]
    [InlineData("...")]
    [InlineData("a/..b/c..")]
    [InlineData("a//b/")]
    public void Relative_paths_without_dot_dot_are_accepted(string path) => RelativePath.Validate(path);

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("/a", "is absolute")]
    [InlineData("..", "has a \"..\" component")]
    [InlineData("a/..", "has a \"..\" component")]
    [InlineData("../a", "has a \"..\" component")]
    [InlineData("a/../b", "has a \"..\" component")]
    [InlineData("a\0b", "NUL")]
    public void Empty_absolute_dot_dot_and_NUL_paths_are_refused_with_the_reason(string path, string reason)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => RelativePath.Validate(path));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", ".", "a")]
    [InlineData("a/b", "a", "b")]
    [InlineData("a/b/", "a", "b")]
    [InlineData("a//b", "a", "b")]
    [InlineData("x/y/z", "x/y", "z")]
    public void SplitLast_gives_parent_and_name(string path, string parent, string name) =>
        Assert.Equal((parent, name), RelativePath.SplitLast(path));

    [Theory]
    [InlineData(".")]
    [InlineData("a/.")]
    public void SplitLast_needs_a_name_at_the_end(string path) =>
        Assert.Throws<ArgumentException>(() => RelativePath.SplitLast(path));
}
