namespace CgManager.DBus;

/// <summary>Facts about single D-Bus type codes: which are basic, and how each one aligns.</summary>
internal static class TypeCodes
{
    internal const byte Byte = (byte)'y';
    internal const byte Boolean = (byte)'b';
    internal const byte Int16 = (byte)'n';
    internal const byte UInt16 = (byte)'q';
    internal const byte Int32 = (byte)'i';
    internal const byte UInt32 = (byte)'u';
    internal const byte Int64 = (byte)'x';
    internal const byte UInt64 = (byte)'t';
    internal const byte Double = (byte)'d';
    internal const byte String = (byte)'s';
    internal const byte ObjectPath = (byte)'o';
    internal const byte Signature = (byte)'g';
    internal const byte UnixFd = (byte)'h';
    internal const byte Array = (byte)'a';
    internal const byte Variant = (byte)'v';
    internal const byte StructBegin = (byte)'(';
    internal const byte StructEnd = (byte)')';
    internal const byte DictEntryBegin = (byte)'{';
    internal const byte DictEntryEnd = (byte)'}';

    /// <summary>True for the codes that may be dict-entry keys.</summary>
    internal static bool IsBasic(byte code) => code switch
    {
        Byte or Boolean or Int16 or UInt16 or Int32 or UInt32 or Int64 or UInt64
            or Double or String or ObjectPath or Signature or UnixFd => true,
        _ => false,
    };

    /// <summary>
    /// Alignment of a value whose type starts with <paramref name="code"/>; 0 when the code
    /// cannot start a type (so callers can tell bad input from a real alignment).
    /// </summary>
    internal static int Alignment(byte code) => code switch
    {
        Byte or Signature or Variant => 1,
        Int16 or UInt16 => 2,
        Boolean or Int32 or UInt32 or UnixFd or String or ObjectPath or Array => 4,
        Int64 or UInt64 or Double or StructBegin or DictEntryBegin => 8,
        _ => 0,
    };

    /// <summary>A code as text for error messages, escaping what would not print.</summary>
    internal static string Describe(byte code) =>
        code is >= 0x21 and < 0x7f ? $"'{(char)code}'" : $"0x{code:x2}";
}
