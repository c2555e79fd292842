using CgManager.DBus.Tests.Support;
using CgManager.Linux;

namespace CgManager.DBus.Tests.Rejection;

public class FdRejectionTests
{
    private static byte[] CallWithFdIndex(uint index, uint announced) =>
        RawMessage.Call("h", w => w.U32(index), false, RawField.UnixFds(announced));

    [Fact]
    public void UNIX_FDS_announced_but_no_fds_supplied_is_rejected() =>
        Assert.Contains("header field UNIX_FDS announces 1 fds but 0 arrived with the message",
            Assert.Throws<ProtocolException>(() => Message.Parse(CallWithFdIndex(0, 1), [])).Message);

    [Fact]
    public void Fds_supplied_without_UNIX_FDS_are_rejected_and_closed()
    {
        SafeFd fd = FdHelper.OpenDevNull();
        string message = Assert.Throws<ProtocolException>(() => Message.Parse(GoldenFiles.Load("dbus-send-ping"), [fd])).Message;
        Assert.Contains("header field UNIX_FDS announces 0 fds but 1 arrived with the message", message);
        Assert.True(fd.IsClosed);
    }

    [Fact]
    public void An_fd_index_out_of_range_is_rejected_and_the_fds_closed()
    {
        SafeFd fd = FdHelper.OpenDevNull();
        byte[] bytes = CallWithFdIndex(1, 1);
        string message = Assert.Throws<ProtocolException>(() => Message.Parse(bytes, [fd])).Message;
        Assert.Contains($"unix fd index 1 at offset {bytes.Length - 4} is out of range: the message carries 1 fds", message);
        Assert.True(fd.IsClosed);
    }

    [Fact]
    public void More_fds_than_the_limit_are_rejected()
    {
        int count = ProtocolConstants.MaxFdsPerMessage + 1;
        SafeFd[] fds = [.. Enumerable.Range(0, count).Select(_ => FdHelper.OpenDevNull())];
        string message = Assert.Throws<ProtocolException>(() => Message.Parse(CallWithFdIndex(0, (uint)count), fds)).Message;
        Assert.Contains($"{count} fds arrived with the message, more than the limit of {ProtocolConstants.MaxFdsPerMessage}", message);
        Assert.All(fds, fd => Assert.True(fd.IsClosed));
    }
}
