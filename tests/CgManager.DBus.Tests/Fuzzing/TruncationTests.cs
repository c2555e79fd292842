using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Fuzzing;

public class TruncationTests
{
    public static TheoryData<string> Names => [.. Samples.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_prefix_of_a_valid_message_fails_cleanly(string name)
    {
        byte[] bytes = Samples.Load(name);
        for (int length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<ProtocolException>(() => Message.Parse(bytes.AsMemory(0, length), []));
            Assert.False(string.IsNullOrEmpty(error.Message));
        }

        Message.Parse(bytes, []).Dispose();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_prefix_of_a_body_fails_cleanly_when_the_framing_is_made_to_agree(string name)
    {
        // With the body length patched to match, truncation reaches the body parser instead of the framing check.
        byte[] bytes = Samples.Load(name);
        using Message whole = Message.Parse(bytes, []);
        int bodyStart = bytes.Length - whole.Body.Length;
        for (int cut = 1; cut <= whole.Body.Length; cut++)
        {
            byte[] shorter = bytes[..^cut];
            Mutator.FixBodyLength(shorter);
            var error = Assert.Throws<ProtocolException>(() => Message.Parse(shorter, []));
            Assert.Contains("offset", error.Message);
        }

        Assert.True(bodyStart >= 16);
    }

    [Fact]
    public void A_typed_reader_fails_cleanly_on_every_prefix()
    {
        using Message message = GoldenFiles.Parse("dbus-send-many");
        byte[] body = message.Body.ToArray();
        for (int length = 0; length < body.Length; length++)
        {
            byte[] prefix = body[..length];
            Assert.Throws<ProtocolException>(() => ReadMany(prefix));
        }

        ReadMany(body);
    }

    private static void ReadMany(byte[] body)
    {
        var r = new MessageReader(body, isBigEndian: false);
        r.ReadString();
        r.ReadInt32();
        int end = r.ReadArrayStart('s');
        while (r.HasNext(end))
        {
            r.ReadString();
        }

        end = r.ReadArrayStart('{');
        while (r.HasNext(end))
        {
            r.AlignStruct();
            r.ReadString();
            r.ReadInt32();
        }

        r.ReadVariant();
        r.ReadBool();
        r.ReadUInt64();
        r.ReadDouble();
        r.ReadObjectPath();
        r.ReadByte();
        r.ReadInt16();
        r.ReadUInt16();
        r.ReadUInt32();
        r.ReadInt64();
    }
}
