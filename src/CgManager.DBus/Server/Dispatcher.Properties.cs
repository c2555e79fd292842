namespace CgManager.DBus.Server;

public sealed partial class Dispatcher
{
    private static Message HandleProperties(Message call, string member, List<InterfaceDefinition> interfaces)
    {
        var reader = call.GetBodyReader();
        switch (member)
        {
            case "Get":
                RequireSignature(call, "ss");
                return PropertyGet(call, interfaces, reader.ReadString(), reader.ReadString());
            case "GetAll":
                RequireSignature(call, "s");
                return PropertyGetAll(call, interfaces, reader.ReadString());
            case "Set":
                RequireSignature(call, "ssv");
                string ifaceName = reader.ReadString();
                string name = reader.ReadString();
                var value = reader.ReadVariant();
                PropertySet(interfaces, ifaceName, name, value);
                return Message.CreateMethodReturn(call, "", ReadOnlyMemory<byte>.Empty);
            default:
                throw UnknownMethod(call);
        }
    }

    private static void RequireSignature(Message call, string expected)
    {
        if (call.Signature != expected)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                $"Invalid arguments to {call.Member} method: expected signature \"{expected}\", got \"{call.Signature}\"");
        }
    }

    private static Message PropertyGet(Message call, List<InterfaceDefinition> interfaces, string ifaceName, string name)
    {
        var property = FindProperty(interfaces, ifaceName, name)
            ?? throw new DBusErrorException(DBusErrorNames.UnknownProperty, $"No such property '{name}' on interface '{ifaceName}'");
        var writer = new MessageWriter();
        writer.WriteVariant(property.Type, property.Get());
        return Message.CreateMethodReturn(call, "v", writer.WrittenMemory.ToArray());
    }

    private static Message PropertyGetAll(Message call, List<InterfaceDefinition> interfaces, string ifaceName)
    {
        var writer = new MessageWriter();
        int array = writer.WriteArrayStart('{');
        foreach (var iface in interfaces)
        {
            if (ifaceName.Length != 0 && iface.Name != ifaceName)
            {
                continue;
            }

            foreach (var property in iface.Properties)
            {
                writer.WriteStructStart();
                writer.WriteString(property.Name);
                writer.WriteVariant(property.Type, property.Get());
            }
        }

        writer.WriteArrayEnd(array);
        return Message.CreateMethodReturn(call, "a{sv}", writer.WrittenMemory.ToArray());
    }

    private static void PropertySet(List<InterfaceDefinition> interfaces, string ifaceName, string name, DBusVariant value)
    {
        var property = FindProperty(interfaces, ifaceName, name)
            ?? throw new DBusErrorException(DBusErrorNames.UnknownProperty, $"No such property '{name}' on interface '{ifaceName}'");
        if (property.Set is null)
        {
            throw new DBusErrorException(DBusErrorNames.AccessDenied, $"The {name} property is read-only");
        }

        if (value.Signature != property.Type)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                $"The {name} property has type \"{property.Type}\", got \"{value.Signature}\"");
        }

        property.Set(value.Value);
    }

    private static PropertyDefinition? FindProperty(List<InterfaceDefinition> interfaces, string ifaceName, string name)
    {
        foreach (var iface in interfaces)
        {
            if ((ifaceName.Length == 0 || iface.Name == ifaceName) && iface.TryGetProperty(name, out var property))
            {
                return property;
            }
        }

        return null;
    }
}
