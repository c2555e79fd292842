namespace CgManager.DBus;

public sealed partial class MessageWriter
{
    /// <summary>Writes an <c>as</c>: the replies and arguments that list names.</summary>
    public void WriteStringArray(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int array = WriteArrayStart('s');
        foreach (string value in values)
        {
            WriteString(value);
        }

        WriteArrayEnd(array);
    }

    /// <summary>Writes an <c>ai</c>: the replies that list pids.</summary>
    public void WriteInt32Array(IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int array = WriteArrayStart('i');
        foreach (int value in values)
        {
            WriteInt32(value);
        }

        WriteArrayEnd(array);
    }

    /// <summary>Writes an <c>a{sv}</c> in the given order.</summary>
    public void WriteVariantDictionary(IEnumerable<KeyValuePair<string, DBusVariant>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int array = WriteArrayStart('{');
        foreach (var (key, value) in entries)
        {
            WriteStructStart();
            WriteString(key);
            WriteVariant(value.Signature, value.Value);
        }

        WriteArrayEnd(array);
    }
}
