using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Messages;

/// <summary>
/// We only write little-endian, so big-endian input never comes from our own writer:
/// these messages are built by hand and must decode exactly like their little-endian twins.
/// </summary>
public class BigEndianTests
{
    /// <summary>dbus-send's Ping (golden/dbus-send-ping.hex) with every multi-byte number swapped.</summary>
    internal static readonly byte[] PingBigEndian = Hex.Parse("""
        42 01 00 01  00 00 00 04  00 00 00 01  00 00 00 6f   # 'B', call, no flags, v1; body 4; serial 1; fields 111
        01 01 6f 00  00 00 00 1e                             # PATH, 'o', length 30
        2f 6f 72 67 2f 6c 69 6e 75 78 63 6f 6e 74 61 69      # /org/linuxcontai
        6e 65 72 73 2f 63 67 6d 61 6e 61 67 65 72 00 00      # ners/cgmanager NUL pad
        02 01 73 00  00 00 00 20                             # INTERFACE, 's', length 32
        6f 72 67 2e 6c 69 6e 75 78 63 6f 6e 74 61 69 6e      # org.linuxcontain
        65 72 73 2e 63 67 6d 61 6e 61 67 65 72 30 5f 30      # ers.cgmanager0_0
        00 00 00 00  00 00 00 00                             # NUL, pad to 8
        03 01 73 00  00 00 00 04  50 69 6e 67 00 00 00 00    # MEMBER, 's', "Ping" NUL pad
        08 01 67 00  01 69 00 00                             # SIGNATURE, 'g', "i" NUL; pad to the body
        00 00 00 00                                          # int32 0
        """);

    [Fact]
    public void A_big_endian_ping_decodes_like_the_little_endian_one()
    {
        using Message big = Message.Parse(PingBigEndian, []);
        using Message little = GoldenFiles.Parse("dbus-send-ping");

        Assert.True(big.IsBigEndian);
        Assert.Equal(
            (little.Type, little.Flags, little.Serial, little.Path, little.Interface, little.Member, little.Signature),
            (big.Type, big.Flags, big.Serial, big.Path, big.Interface, big.Member, big.Signature));
        Assert.Equal(GoldenMessageTests.ReadAll(little), GoldenMessageTests.ReadAll(big));
        Assert.Equal(PingBigEndian.Length, MessageFraming.GetTotalLength(PingBigEndian, ProtocolConstants.MaxIncomingMessageSize));
    }

    /// <summary>busctl's Complex call (a(ix)a{sv}(sa(yt))av) written with the test's raw writer.</summary>
    internal static byte[] ComplexBigEndian() => Complex(bigEndian: true);

    private static byte[] Complex(bool bigEndian) => RawMessage.Build(
        [
            RawField.Path("/org/linuxcontainers/cgmanager"),
            RawField.Member("Complex"),
            RawField.Interface("org.linuxcontainers.cgmanager0_0"),
            RawField.Destination("org.linuxcontainers.cgmanager"),
            RawField.BodySignature("a(ix)a{sv}(sa(yt))av"),
        ],
        w =>
        {
            int structs = w.BeginArray(8);
            w.Pad(8).I32(1).U64(unchecked((ulong)-2L));
            w.Pad(8).I32(3).U64(unchecked((ulong)-4L));
            w.EndArray(structs);

            int dict = w.BeginArray(8);
            w.Pad(8).S("name").G("s").S("foo");
            w.Pad(8).S("count").G("u").U32(3);
            w.EndArray(dict);

            w.Pad(8).S("bar");
            int inner = w.BeginArray(8);
            w.Pad(8).Y(9).U64(10);
            w.EndArray(inner);

            int variants = w.BeginArray(1);
            w.G("v").G("s").S("deep");
            w.G("ai");
            int ints = w.BeginArray(4);
            w.I32(1).I32(2);
            w.EndArray(ints);
            w.EndArray(variants);
        },
        bigEndian: bigEndian,
        flags: (byte)MessageFlags.AllowInteractiveAuthorization,
        serial: 2);

    [Fact]
    public void A_big_endian_message_of_structs_arrays_and_variants_decodes_like_busctls()
    {
        using Message big = Message.Parse(ComplexBigEndian(), []);
        using Message little = GoldenFiles.Parse("busctl-complex");

        Assert.True(big.IsBigEndian);
        Assert.Equal(
            (little.Type, little.Flags, little.Serial, little.Path, little.Interface, little.Member, little.Destination, little.Signature),
            (big.Type, big.Flags, big.Serial, big.Path, big.Interface, big.Member, big.Destination, big.Signature));
        Assert.Equal(GoldenMessageTests.ComplexArguments, GoldenMessageTests.ReadAll(big));
        Assert.Equal(GoldenMessageTests.ReadAll(little), GoldenMessageTests.ReadAll(big));
    }

    [Fact]
    public void The_same_builder_writing_little_endian_reproduces_busctls_body_exactly()
    {
        // Proves the hand-built big-endian twin has the right layout, not just the right values.
        using Message built = Message.Parse(Complex(bigEndian: false), []);
        using Message busctl = GoldenFiles.Parse("busctl-complex");
        Assert.Equal(Hex.Format(busctl.Body.Span), Hex.Format(built.Body.Span));
    }
}
