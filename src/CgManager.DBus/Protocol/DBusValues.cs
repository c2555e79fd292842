namespace CgManager.DBus;

/// <summary>
/// The generic value model used by <see cref="MessageReader.ReadValue"/> and <see cref="MessageWriter.WriteValue"/>:
/// y=byte, b=bool, n=short, q=ushort, i=int, u=uint, x=long, t=ulong, d=double, s=string,
/// o=<see cref="ObjectPath"/>, g=<see cref="DBusSignature"/>, h=<see cref="UnixFdIndex"/>,
/// a…=<see cref="DBusArray"/>, (…)=<see cref="DBusStruct"/>, {…}=<see cref="DBusDictEntry"/>, v=<see cref="DBusVariant"/>.
/// </summary>
public static class DBusValues { }

public readonly record struct ObjectPath(string Value);
public readonly record struct DBusSignature(string Value);
public readonly record struct UnixFdIndex(int Index);
public sealed record DBusArray(string ElementSignature, IReadOnlyList<object> Items);
public sealed record DBusStruct(IReadOnlyList<object> Fields);
public sealed record DBusDictEntry(object Key, object Value);
public sealed record DBusVariant(string Signature, object Value);

/// <summary>Signature and name validation per the D-Bus specification.</summary>
public static class SignatureRules
{
    /// <summary>True if <paramref name="signature"/> is a valid sequence of complete types (≤255 chars, nesting limits, dict entries only as array elements, basic keys).</summary>
    public static bool IsValid(string signature, out string? error) => throw new NotImplementedException();
    public static bool IsSingleCompleteType(string signature) => throw new NotImplementedException();
    /// <summary>Splits a valid signature into its complete types.</summary>
    public static IReadOnlyList<string> SplitCompleteTypes(string signature) => throw new NotImplementedException();
    public static bool IsValidObjectPath(string path) => throw new NotImplementedException();
    public static bool IsValidInterfaceName(string name) => throw new NotImplementedException();
    public static bool IsValidMemberName(string name) => throw new NotImplementedException();
    public static bool IsValidErrorName(string name) => throw new NotImplementedException();
    public static bool IsValidBusName(string name) => throw new NotImplementedException();
}
