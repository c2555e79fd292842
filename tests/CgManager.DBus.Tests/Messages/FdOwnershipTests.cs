using CgManager.DBus.Tests.Support;
using CgManager.Linux;

namespace CgManager.DBus.Tests.Messages;

public class FdOwnershipTests
{
    private static byte[] CallWithTwoFds() =>
        RawMessage.Call("hh", w => w.U32(0).U32(1), false, RawField.UnixFds(2));

    [Fact]
    public void A_message_owns_its_fds_until_one_is_taken()
    {
        SafeFd first = FdHelper.OpenDevNull();
        SafeFd second = FdHelper.OpenDevNull();
        Message message = Message.Parse(CallWithTwoFds(), [first, second]);
        Assert.Equal(2, message.UnixFdCount);

        MessageReader reader = message.GetBodyReader();
        SafeFd? taken = message.TakeFd(reader.ReadUnixFdIndex());
        Assert.Same(first, taken);
        Assert.Null(message.TakeFd(0)); // only once
        Assert.Null(message.TakeFd(2));
        Assert.Null(message.TakeFd(-1));

        message.Dispose();
        Assert.True(second.IsClosed);
        Assert.False(first.IsClosed);
        first.Dispose();
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        SafeFd fd = FdHelper.OpenDevNull();
        Message message = Message.Parse(RawMessage.Call("h", w => w.U32(0), false, RawField.UnixFds(1)), [fd]);
        message.Dispose();
        message.Dispose();
        Assert.True(fd.IsClosed);
        Assert.Null(message.TakeFd(0));
    }

    [Fact]
    public void The_body_reader_checks_fd_indexes_against_the_fds_that_came()
    {
        using Message message = Message.Parse(CallWithTwoFds(), [FdHelper.OpenDevNull(), FdHelper.OpenDevNull()]);
        byte[] body = [2, 0, 0, 0];
        int count = message.UnixFdCount;
        Assert.Contains("unix fd index 2 at offset 0 is out of range: the message carries 2 fds",
            Assert.Throws<ProtocolException>(() => new MessageReader(body, isBigEndian: false, unixFdCount: count).ReadUnixFdIndex()).Message);
    }

    [Fact]
    public void Any_parse_failure_closes_the_fds()
    {
        byte[] bytes = CallWithTwoFds();
        bytes[^1] = 0xff; // index 0xff000001: out of range
        SafeFd[] fds = [FdHelper.OpenDevNull(), FdHelper.OpenDevNull()];
        Assert.Throws<ProtocolException>(() => Message.Parse(bytes, fds));
        Assert.All(fds, fd => Assert.True(fd.IsClosed));
    }
}
