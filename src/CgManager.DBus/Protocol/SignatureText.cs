using System.Text;

namespace CgManager.DBus;

/// <summary>Converting signatures between .NET strings, wire bytes and text fit for error messages.</summary>
internal static class SignatureText
{
    /// <summary>
    /// Copies a signature string into <paramref name="destination"/> as ASCII; false (with the reason)
    /// when it is too long or holds a character that no type code uses.
    /// </summary>
    internal static bool TryToAscii(string signature, Span<byte> destination, out int length, out string? error)
    {
        length = 0;
        if (signature.Length > destination.Length)
        {
            error = $"it is {signature.Length} characters long, more than {ProtocolConstants.MaxSignatureLength}";
            return false;
        }

        for (int i = 0; i < signature.Length; i++)
        {
            char c = signature[i];
            if (c >= 0x80)
            {
                error = $"character U+{(int)c:X4} at position {i} is not a type code";
                return false;
            }

            destination[i] = (byte)c;
        }

        length = signature.Length;
        error = null;
        return true;
    }

    /// <summary>A signature from the wire as printable text for error messages.</summary>
    internal static string Printable(ReadOnlySpan<byte> signature)
    {
        var text = new StringBuilder(signature.Length);
        foreach (byte b in signature)
        {
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append($"\\x{b:x2}");
            }
        }

        return text.ToString();
    }
}
