namespace CgManager.DBus.Tests.Signatures;

public class NameRulesTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/org/linuxcontainers/cgmanager", true)]
    [InlineData("/a_b/C9", true)]
    [InlineData("", false)]
    [InlineData("org", false)]
    [InlineData("/org/", false)]
    [InlineData("//org", false)]
    [InlineData("/org//x", false)]
    [InlineData("/org/a-b", false)]
    [InlineData("/org/a.b", false)]
    [InlineData("/ä", false)]
    public void Object_paths(string path, bool valid) => Assert.Equal(valid, SignatureRules.IsValidObjectPath(path));

    [Theory]
    [InlineData("org.linuxcontainers.cgmanager0_0", true)]
    [InlineData("a.b", true)]
    [InlineData("_a._b", true)]
    [InlineData("org", false)]
    [InlineData("org.", false)]
    [InlineData(".org.x", false)]
    [InlineData("org..x", false)]
    [InlineData("org.0x", false)]
    [InlineData("org.a-b", false)]
    [InlineData("", false)]
    public void Interface_and_error_names(string name, bool valid)
    {
        Assert.Equal(valid, SignatureRules.IsValidInterfaceName(name));
        Assert.Equal(valid, SignatureRules.IsValidErrorName(name));
    }

    [Fact]
    public void Names_longer_than_255_are_rejected()
    {
        string name = "a." + new string('b', 253);
        Assert.True(SignatureRules.IsValidInterfaceName(name));
        Assert.False(SignatureRules.IsValidInterfaceName(name + "c"));
        Assert.False(SignatureRules.IsValidMemberName(new string('m', 256)));
        Assert.False(SignatureRules.IsValidBusName(name + "c"));
    }

    [Theory]
    [InlineData("Ping", true)]
    [InlineData("_get_value2", true)]
    [InlineData("", false)]
    [InlineData("2Ping", false)]
    [InlineData("Get.Value", false)]
    [InlineData("Get-Value", false)]
    public void Member_names(string name, bool valid) => Assert.Equal(valid, SignatureRules.IsValidMemberName(name));

    [Theory]
    [InlineData(":1.42", true)]
    [InlineData(":1.1", true)]
    [InlineData(":a-b.0", true)]
    [InlineData("org.linuxcontainers.cgmanager", true)]
    [InlineData("org.my-service.x", true)]
    [InlineData("-org.x", true)]
    [InlineData("org", false)]
    [InlineData(":1", false)]
    [InlineData(":1.", false)]
    [InlineData("org.1x", false)]
    [InlineData(":", false)]
    [InlineData("", false)]
    [InlineData("org.a b", false)]
    public void Bus_names(string name, bool valid) => Assert.Equal(valid, SignatureRules.IsValidBusName(name));
}
