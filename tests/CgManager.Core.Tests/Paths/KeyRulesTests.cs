using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

public class KeyRulesTests
{
    [Theory]
    [InlineData("memory.limit_in_bytes")]
    [InlineData("memory.max")]
    [InlineData("cpu.shares")]
    [InlineData("cgroup.subtree_control")]
    [InlineData("..x")]
    [InlineData("x..")]
    public void Ordinary_file_names_are_valid_keys(string key) => KeyRules.ValidateKey(key);

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".", "not a file name")]
    [InlineData("..", "not a file name")]
    [InlineData("../../etc/shadow", "contains '/'")]
    [InlineData("/etc/passwd", "contains '/'")]
    [InlineData("sub/memory.max", "contains '/'")]
    [InlineData("a\0b", "NUL")]
    public void Keys_that_leave_the_cgroup_directory_are_rejected(string key, string reason)
    {
        var error = Assert.Throws<CgException>(() => KeyRules.ValidateKey(key));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
        Assert.StartsWith("invalid key: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tasks")]
    [InlineData("cgroup.procs")]
    [InlineData("cgroup.threads")]
    [InlineData("release_agent")]
    [InlineData("notify_on_release")]
    [InlineData("release-agent")]
    [InlineData("notify-on-release")]
    public void SetValue_refuses_task_and_release_files(string key)
    {
        KeyRules.ValidateKey(key); // GetValue may read them
        var error = Assert.Throws<CgException>(() => KeyRules.ValidateSetValueKey(key));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
        Assert.Contains($"'{key}' cannot be written with SetValue", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory.limit_in_bytes")]
    [InlineData("cpuset.cpus")]
    [InlineData("cgroup.subtree_control")]
    [InlineData("Tasks")]
    public void SetValue_accepts_other_files(string key) => KeyRules.ValidateSetValueKey(key);

    [Fact]
    public void SetValue_still_refuses_keys_with_a_slash() =>
        Assert.Throws<CgException>(() => KeyRules.ValidateSetValueKey("../tasks"));

    [Theory]
    [InlineData("")]
    [InlineData("tasks")]
    [InlineData("cgroup.procs")]
    public void Chmod_accepts_the_directory_or_one_file(string file) => KeyRules.ValidateChmodFile(file);

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(".")]
    public void Chmod_refuses_file_names_that_reach_elsewhere(string file) =>
        Assert.Equal(CgErrorKind.InvalidKey, Assert.Throws<CgException>(() => KeyRules.ValidateChmodFile(file)).Kind);

    [Theory]
    [InlineData(0, true)]
    [InlineData(0x1ED, true)]   // 0755
    [InlineData(0xFFF, true)]   // 07777
    [InlineData(0x1000, false)]
    [InlineData(-1, false)]
    public void Chmod_modes_are_permission_bits_only(int mode, bool valid)
    {
        if (valid)
        {
            KeyRules.ValidateChmodMode(mode);
        }
        else
        {
            Assert.Equal(CgErrorKind.InvalidArgument, Assert.Throws<CgException>(() => KeyRules.ValidateChmodMode(mode)).Kind);
        }
    }
}
