using System.Text;
using System.Text.Unicode;

namespace CgManager.DBus;

// Strings, object paths and signatures: a length, the bytes, then a NUL that the length does not count.
public ref partial struct MessageReader
{
    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes("string"));

    public string ReadObjectPath() => Encoding.UTF8.GetString(ReadObjectPathBytes());

    public string ReadSignature() => Encoding.ASCII.GetString(ReadSignatureBytes());

    /// <summary>A string's UTF-8 bytes, checked (valid UTF-8, no NUL inside, NUL after) but not decoded.</summary>
    internal ReadOnlySpan<byte> ReadStringBytes(string typeName)
    {
        uint length = ReadUInt32Core(typeName);
        int lengthAt = _position - 4;
        if (length >= (uint)Remaining)
        {
            throw new ProtocolException(
                $"{typeName} length {length} at offset {OffsetOf(lengthAt)} runs past the end of the data ({Remaining} bytes remain after it)");
        }

        ReadOnlySpan<byte> text = _data.Slice(_position, (int)length);
        CheckText(text, _data[_position + (int)length], typeName, lengthAt);
        _position += (int)length + 1;
        return text;
    }

    internal ReadOnlySpan<byte> ReadObjectPathBytes()
    {
        int at = _position + (-_position & 3);
        ReadOnlySpan<byte> path = ReadStringBytes("object path");
        if (!SignatureRules.IsValidObjectPath(path))
        {
            throw new ProtocolException($"object path '{Encoding.UTF8.GetString(path)}' at offset {OffsetOf(at)} is not valid");
        }

        return path;
    }

    /// <summary>A signature's bytes, checked to be a valid sequence of complete types.</summary>
    internal ReadOnlySpan<byte> ReadSignatureBytes()
    {
        int lengthAt = _position;
        byte length = TakeFixed(1, "signature length")[0];
        if (length >= Remaining)
        {
            throw new ProtocolException(
                $"signature length {length} at offset {OffsetOf(lengthAt)} runs past the end of the data ({Remaining} bytes remain after it)");
        }

        ReadOnlySpan<byte> signature = _data.Slice(_position, length);
        if (_data[_position + length] != 0)
        {
            throw new ProtocolException($"signature at offset {OffsetOf(lengthAt)} is not followed by a NUL byte");
        }

        string? error = SignatureParser.Validate(signature);
        if (error is not null)
        {
            throw new ProtocolException($"signature '{SignatureText.Printable(signature)}' at offset {OffsetOf(lengthAt)} is invalid: {error}");
        }

        _position += length + 1;
        return signature;
    }

    private readonly void CheckText(ReadOnlySpan<byte> text, byte terminator, string typeName, int lengthAt)
    {
        if (terminator != 0)
        {
            throw new ProtocolException($"{typeName} at offset {OffsetOf(lengthAt)} is not followed by a NUL byte");
        }

        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new ProtocolException($"{typeName} at offset {OffsetOf(lengthAt)} contains a NUL byte at offset {OffsetOf(lengthAt + 4 + nul)}");
        }

        if (!Utf8.IsValid(text))
        {
            throw new ProtocolException($"{typeName} at offset {OffsetOf(lengthAt)} is not valid UTF-8");
        }
    }
}
