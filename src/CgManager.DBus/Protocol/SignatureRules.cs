namespace CgManager.DBus;

/// <summary>Signature and name validation per the D-Bus specification.</summary>
public static partial class SignatureRules
{
    /// <summary>True if <paramref name="signature"/> is a valid sequence of complete types (≤255 chars, nesting limits, dict entries only as array elements, basic keys).</summary>
    public static bool IsValid(string signature, out string? error)
    {
        if (signature is null)
        {
            error = "the signature is null";
            return false;
        }

        Span<byte> ascii = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        if (!SignatureText.TryToAscii(signature, ascii, out int length, out error))
        {
            return false;
        }

        error = SignatureParser.Validate(ascii[..length]);
        return error is null;
    }

    public static bool IsSingleCompleteType(string signature) => ValidateSingle(signature) is null;

    /// <summary>Splits a valid signature into its complete types.</summary>
    /// <exception cref="ArgumentException">The signature is not valid.</exception>
    public static IReadOnlyList<string> SplitCompleteTypes(string signature)
    {
        if (!IsValid(signature, out string? error))
        {
            throw new ArgumentException($"invalid signature '{signature}': {error}", nameof(signature));
        }

        Span<byte> ascii = stackalloc byte[signature.Length];
        SignatureText.TryToAscii(signature, ascii, out _, out _);
        var types = new List<string>();
        int start = 0;
        while (start < ascii.Length)
        {
            int end = SignatureParser.CompleteTypeEnd(ascii, start);
            types.Add(signature[start..end]);
            start = end;
        }

        return types;
    }

    /// <summary>Null when <paramref name="signature"/> is exactly one complete type, else why not.</summary>
    internal static string? ValidateSingle(string? signature)
    {
        if (signature is null)
        {
            return "the signature is null";
        }

        Span<byte> ascii = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        return SignatureText.TryToAscii(signature, ascii, out int length, out string? error)
            ? SignatureParser.ValidateSingle(ascii[..length])
            : error;
    }
}
