namespace CgManager.DBus.Transport;

/// <summary>Reads one header field of a framed message before the full parse, to know how many fds belong to it.</summary>
internal static class HeaderScanner
{
    private const byte UnixFdsField = 9;

    /// <summary>The UNIX_FDS header field of a complete message, or 0 when absent.</summary>
    public static uint GetUnixFdCount(ReadOnlySpan<byte> message)
    {
        var reader = new MessageReader(message, isBigEndian: message[0] == (byte)'B');
        // The fixed part: endianness, type, flags, version, body length, serial.
        reader.ReadUInt32();
        reader.ReadUInt32();
        reader.ReadUInt32();
        int end = reader.ReadArrayStart('(');
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            byte code = reader.ReadByte();
            var value = reader.ReadVariant();
            if (code == UnixFdsField && value.Value is uint count)
            {
                return count;
            }
        }

        return 0;
    }
}
