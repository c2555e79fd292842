using System.Text;

namespace CgManager.DBus.Server;

public sealed partial class Dispatcher
{
    private const string DocType =
        "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n" +
        " \"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n";

    private const string StandardInterfaces =
        "  <interface name=\"org.freedesktop.DBus.Introspectable\">\n" +
        "    <method name=\"Introspect\">\n      <arg name=\"xml_data\" type=\"s\" direction=\"out\"/>\n    </method>\n" +
        "  </interface>\n" +
        "  <interface name=\"org.freedesktop.DBus.Peer\">\n" +
        "    <method name=\"Ping\"/>\n" +
        "    <method name=\"GetMachineId\">\n      <arg name=\"machine_uuid\" type=\"s\" direction=\"out\"/>\n    </method>\n" +
        "  </interface>\n" +
        "  <interface name=\"org.freedesktop.DBus.Properties\">\n" +
        "    <method name=\"Get\">\n      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n" +
        "      <arg name=\"property_name\" type=\"s\" direction=\"in\"/>\n      <arg name=\"value\" type=\"v\" direction=\"out\"/>\n    </method>\n" +
        "    <method name=\"GetAll\">\n      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n" +
        "      <arg name=\"props\" type=\"a{sv}\" direction=\"out\"/>\n    </method>\n" +
        "    <method name=\"Set\">\n      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n" +
        "      <arg name=\"property_name\" type=\"s\" direction=\"in\"/>\n      <arg name=\"value\" type=\"v\" direction=\"in\"/>\n    </method>\n" +
        "    <signal name=\"PropertiesChanged\">\n      <arg name=\"interface_name\" type=\"s\"/>\n" +
        "      <arg name=\"changed_properties\" type=\"a{sv}\"/>\n      <arg name=\"invalidated_properties\" type=\"as\"/>\n    </signal>\n" +
        "  </interface>\n";

    /// <summary>The introspection document of one path: full for a registered object, child nodes for an ancestor.</summary>
    public string Introspect(string path)
    {
        var xml = new StringBuilder(DocType);
        xml.Append("<node name=\"").Append(Escape(path)).Append("\">\n");
        if (_objects.TryGetValue(path, out var interfaces))
        {
            xml.Append(StandardInterfaces);
            foreach (var iface in interfaces)
            {
                AppendInterface(xml, iface);
            }
        }

        foreach (var child in ChildNodes(path))
        {
            xml.Append("  <node name=\"").Append(Escape(child)).Append("\"/>\n");
        }

        xml.Append("</node>\n");
        return xml.ToString();
    }

    private Message HandleIntrospect(Message call, string member, string path)
    {
        if (member != "Introspect")
        {
            throw UnknownMethod(call);
        }

        if (call.Signature.Length != 0)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs, "Invalid arguments to Introspect method: expected no arguments");
        }

        if (!_objects.ContainsKey(path) && !ChildNodes(path).Any())
        {
            throw new DBusErrorException(DBusErrorNames.UnknownObject, $"No such object path '{path}'");
        }

        var writer = new MessageWriter();
        writer.WriteString(Introspect(path));
        return Message.CreateMethodReturn(call, "s", writer.WrittenMemory.ToArray());
    }

    /// <summary>Names of the next path components below <paramref name="path"/> that lead to registered objects.</summary>
    private IEnumerable<string> ChildNodes(string path)
    {
        string prefix = path == "/" ? "/" : path + "/";
        return _objects.Keys
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length)
            .Select(p => p[prefix.Length..].Split('/')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    private static void AppendInterface(StringBuilder xml, InterfaceDefinition iface)
    {
        xml.Append("  <interface name=\"").Append(Escape(iface.Name)).Append("\">\n");
        foreach (var method in iface.Methods)
        {
            xml.Append("    <method name=\"").Append(Escape(method.Name)).Append("\">\n");
            foreach (var arg in method.InArgs)
            {
                AppendArg(xml, arg, "in");
            }

            foreach (var arg in method.OutArgs)
            {
                AppendArg(xml, arg, "out");
            }

            xml.Append("    </method>\n");
        }

        foreach (var signal in iface.Signals)
        {
            xml.Append("    <signal name=\"").Append(Escape(signal.Name)).Append("\">\n");
            foreach (var arg in signal.Args)
            {
                AppendArg(xml, arg, null);
            }

            xml.Append("    </signal>\n");
        }

        foreach (var property in iface.Properties)
        {
            xml.Append("    <property name=\"").Append(Escape(property.Name)).Append("\" type=\"").Append(Escape(property.Type))
                .Append("\" access=\"").Append(property.IsWritable ? "readwrite" : "read").Append("\"/>\n");
        }

        xml.Append("  </interface>\n");
    }

    private static void AppendArg(StringBuilder xml, Argument arg, string? direction)
    {
        xml.Append("      <arg name=\"").Append(Escape(arg.Name)).Append("\" type=\"").Append(Escape(arg.Type)).Append('"');
        if (direction is not null)
        {
            xml.Append(" direction=\"").Append(direction).Append('"');
        }

        xml.Append("/>\n");
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
