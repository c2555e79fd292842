namespace CgManager.DBus;

// The readers that match MessageWriter's array helpers: what the API's arguments and replies use.
public ref partial struct MessageReader
{
    /// <summary>Reads an <c>as</c>.</summary>
    public List<string> ReadStringArray()
    {
        var items = new List<string>();
        int end = ReadArrayStart('s');
        while (HasNext(end))
        {
            items.Add(ReadString());
        }

        return items;
    }

    /// <summary>Reads an <c>ai</c>.</summary>
    public List<int> ReadInt32Array()
    {
        var items = new List<int>();
        int end = ReadArrayStart('i');
        while (HasNext(end))
        {
            items.Add(ReadInt32());
        }

        return items;
    }

    /// <summary>Reads an <c>a{sv}</c> in wire order (a key sent twice appears twice: the caller decides what that means).</summary>
    public List<KeyValuePair<string, DBusVariant>> ReadVariantDictionary()
    {
        var items = new List<KeyValuePair<string, DBusVariant>>();
        int end = ReadArrayStart('{');
        while (HasNext(end))
        {
            AlignStruct();
            string key = ReadString();
            items.Add(new(key, ReadVariant()));
        }

        return items;
    }
}
