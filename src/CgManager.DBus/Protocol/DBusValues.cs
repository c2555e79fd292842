namespace CgManager.DBus;

/// <summary>
/// The generic value model used by <see cref="MessageReader.ReadValue"/> and <see cref="MessageWriter.WriteValue"/>:
/// y=byte, b=bool, n=short, q=ushort, i=int, u=uint, x=long, t=ulong, d=double, s=string,
/// o=<see cref="ObjectPath"/>, g=<see cref="DBusSignature"/>, h=<see cref="UnixFdIndex"/>,
/// a…=<see cref="DBusArray"/>, (…)=<see cref="DBusStruct"/>, {…}=<see cref="DBusDictEntry"/>, v=<see cref="DBusVariant"/>.
/// Containers compare by content, so a value read back equals the value written.
/// </summary>
public static class DBusValues
{
    internal static bool ItemsEqual(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        for (int i = 0; i < left.Count; i++)
        {
            if (!Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static int ItemsHashCode(IReadOnlyList<object> items)
    {
        var hash = new HashCode();
        hash.Add(items.Count);
        foreach (object item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    internal static string ItemsText(IReadOnlyList<object> items) => string.Join(", ", items);
}

public readonly record struct ObjectPath(string Value);
public readonly record struct DBusSignature(string Value);
public readonly record struct UnixFdIndex(int Index);

public sealed record DBusArray(string ElementSignature, IReadOnlyList<object> Items)
{
    public bool Equals(DBusArray? other) =>
        other is not null && ElementSignature == other.ElementSignature && DBusValues.ItemsEqual(Items, other.Items);

    public override int GetHashCode() => HashCode.Combine(ElementSignature, DBusValues.ItemsHashCode(Items));

    public override string ToString() => $"a{ElementSignature}[{DBusValues.ItemsText(Items)}]";
}

public sealed record DBusStruct(IReadOnlyList<object> Fields)
{
    public bool Equals(DBusStruct? other) => other is not null && DBusValues.ItemsEqual(Fields, other.Fields);

    public override int GetHashCode() => DBusValues.ItemsHashCode(Fields);

    public override string ToString() => $"({DBusValues.ItemsText(Fields)})";
}

public sealed record DBusDictEntry(object Key, object Value)
{
    public override string ToString() => $"{{{Key}: {Value}}}";
}

public sealed record DBusVariant(string Signature, object Value)
{
    public override string ToString() => $"<{Signature}: {Value}>";
}
