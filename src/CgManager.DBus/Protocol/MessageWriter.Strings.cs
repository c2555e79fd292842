using System.Text;

namespace CgManager.DBus;

// Strings, object paths and signatures. Writing is checked too: a message we send that a peer
// rejects would cost the peer its connection, so bad input fails here, with the caller's name in it.
public sealed partial class MessageWriter
{
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("D-Bus strings cannot contain NUL characters", nameof(value));
        }

        WriteUtf8(value);
    }

    public void WriteObjectPath(string value)
    {
        if (!SignatureRules.IsValidObjectPath(value))
        {
            throw new ArgumentException($"'{value}' is not a valid object path", nameof(value));
        }

        WriteUtf8(value);
    }

    public void WriteSignature(string value)
    {
        if (!SignatureRules.IsValid(value, out string? error))
        {
            throw new ArgumentException($"'{value}' is not a valid signature: {error}", nameof(value));
        }

        WriteSignatureAscii(value);
    }

    /// <summary>Writes a signature already known to be valid (so ASCII and at most 255 characters).</summary>
    internal void WriteSignatureAscii(string signature)
    {
        Span<byte> span = Append(signature.Length + 2);
        span[0] = (byte)signature.Length;
        for (int i = 0; i < signature.Length; i++)
        {
            span[i + 1] = (byte)signature[i];
        }

        span[^1] = 0;
    }

    private void WriteUtf8(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)byteCount);
        Span<byte> span = Append(byteCount + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[^1] = 0;
    }
}
