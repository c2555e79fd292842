namespace CgManager.Contract;

/// <summary>Where the API lives on a connection: one object serves both interfaces.</summary>
public static class Bus
{
    /// <summary>The object that serves <see cref="CompatApi"/> and <see cref="Manager1Api"/>.</summary>
    public const string ObjectPath = "/org/linuxcontainers/cgmanager";

    /// <summary>The well-known name clients put in the destination field (a peer-to-peer connection needs none).</summary>
    public const string ServiceName = "org.linuxcontainers.cgmanager";

    /// <summary>The standard properties interface (<c>api_version</c>, <c>Version</c>).</summary>
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    /// <summary><c>org.freedesktop.DBus.Properties.Get</c>, as clients read <c>api_version</c> and <c>Version</c>.</summary>
    public static readonly WireMethod PropertiesGet = new(PropertiesInterface, "Get",
        [new("interface_name", "s"), new("property_name", "s")], [new("value", "v")]);
}
