namespace CgManager.DBus;

/// <summary>
/// Validates and walks signatures as ASCII bytes, so the reader can check a signature
/// straight from the wire without allocating a string.
/// </summary>
internal static class SignatureParser
{
    /// <summary>Null when <paramref name="signature"/> is a valid sequence of complete types, else why not.</summary>
    internal static string? Validate(ReadOnlySpan<byte> signature)
    {
        if (signature.Length > ProtocolConstants.MaxSignatureLength)
        {
            return $"it is {signature.Length} characters long, more than {ProtocolConstants.MaxSignatureLength}";
        }

        int position = 0;
        while (position < signature.Length)
        {
            string? error = ParseCompleteType(signature, ref position, arrayDepth: 0, structDepth: 0);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="signature"/> is exactly one valid complete type, else why not.</summary>
    internal static string? ValidateSingle(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            return "it is empty, a single complete type is needed";
        }

        string? error = Validate(signature);
        if (error is not null)
        {
            return error;
        }

        int end = CompleteTypeEnd(signature, 0);
        return end == signature.Length ? null : $"it holds more than one complete type (the first ends at position {end})";
    }

    /// <summary>
    /// End (exclusive) of the complete type starting at <paramref name="start"/> of a signature
    /// already validated; no checks, so never call it on unvalidated input.
    /// </summary>
    internal static int CompleteTypeEnd(ReadOnlySpan<byte> signature, int start)
    {
        int position = start;
        while (signature[position] == TypeCodes.Array)
        {
            position++;
        }

        byte code = signature[position];
        if (code is not TypeCodes.StructBegin and not TypeCodes.DictEntryBegin)
        {
            return position + 1;
        }

        int open = 0;
        do
        {
            code = signature[position++];
            if (code is TypeCodes.StructBegin or TypeCodes.DictEntryBegin)
            {
                open++;
            }
            else if (code is TypeCodes.StructEnd or TypeCodes.DictEntryEnd)
            {
                open--;
            }
        }
        while (open > 0);

        return position;
    }

    private static string? ParseCompleteType(ReadOnlySpan<byte> signature, ref int position, int arrayDepth, int structDepth)
    {
        int start = position;
        byte code = signature[position];
        switch (code)
        {
            case TypeCodes.Array:
                if (arrayDepth == ProtocolConstants.MaxArrayNesting)
                {
                    return $"more than {ProtocolConstants.MaxArrayNesting} nested arrays at position {start}";
                }

                position++;
                if (position == signature.Length)
                {
                    return $"the array at position {start} has no element type";
                }

                return signature[position] == TypeCodes.DictEntryBegin
                    ? ParseDictEntry(signature, ref position, arrayDepth + 1, structDepth)
                    : ParseCompleteType(signature, ref position, arrayDepth + 1, structDepth);

            case TypeCodes.StructBegin:
                return ParseStruct(signature, ref position, arrayDepth, structDepth);

            case TypeCodes.DictEntryBegin:
                return $"the dict entry at position {start} is not an array element";

            case TypeCodes.StructEnd or TypeCodes.DictEntryEnd:
                return $"unexpected {TypeCodes.Describe(code)} at position {start}";

            case TypeCodes.Variant:
                position++;
                return null;

            default:
                if (!TypeCodes.IsBasic(code))
                {
                    return $"{TypeCodes.Describe(code)} at position {start} is not a type code";
                }

                position++;
                return null;
        }
    }

    private static string? ParseStruct(ReadOnlySpan<byte> signature, ref int position, int arrayDepth, int structDepth)
    {
        int open = position;
        if (structDepth == ProtocolConstants.MaxStructNesting)
        {
            return $"more than {ProtocolConstants.MaxStructNesting} nested structs at position {open}";
        }

        position++;
        if (position < signature.Length && signature[position] == TypeCodes.StructEnd)
        {
            return $"the struct at position {open} is empty";
        }

        while (true)
        {
            if (position == signature.Length)
            {
                return $"the struct opened at position {open} is not closed";
            }

            if (signature[position] == TypeCodes.StructEnd)
            {
                position++;
                return null;
            }

            string? error = ParseCompleteType(signature, ref position, arrayDepth, structDepth + 1);
            if (error is not null)
            {
                return error;
            }
        }
    }

    // Dict entries are bounded by the array nesting limit: each one must directly follow an 'a'.
    private static string? ParseDictEntry(ReadOnlySpan<byte> signature, ref int position, int arrayDepth, int structDepth)
    {
        int open = position;
        position++;
        if (position == signature.Length)
        {
            return $"the dict entry opened at position {open} is not closed";
        }

        byte key = signature[position];
        if (!TypeCodes.IsBasic(key))
        {
            return $"the dict entry at position {open} has key type {TypeCodes.Describe(key)}; keys must be basic types";
        }

        position++;
        if (position == signature.Length)
        {
            return $"the dict entry opened at position {open} is not closed";
        }

        if (signature[position] == TypeCodes.DictEntryEnd)
        {
            return $"the dict entry at position {open} has no value type";
        }

        string? error = ParseCompleteType(signature, ref position, arrayDepth, structDepth);
        if (error is not null)
        {
            return error;
        }

        if (position == signature.Length)
        {
            return $"the dict entry opened at position {open} is not closed";
        }

        if (signature[position] != TypeCodes.DictEntryEnd)
        {
            return $"the dict entry at position {open} has more than a key and a value";
        }

        position++;
        return null;
    }
}
