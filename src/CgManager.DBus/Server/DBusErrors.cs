namespace CgManager.DBus.Server;

/// <summary>The standard error names of the D-Bus specification that the server replies with.</summary>
public static class DBusErrorNames
{
    public const string Failed = "org.freedesktop.DBus.Error.Failed";
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string UnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
    public const string UnknownInterface = "org.freedesktop.DBus.Error.UnknownInterface";
    public const string UnknownProperty = "org.freedesktop.DBus.Error.UnknownProperty";
    public const string PropertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly";
    public const string AccessDenied = "org.freedesktop.DBus.Error.AccessDenied";
    public const string NameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner";
    public const string NotSupported = "org.freedesktop.DBus.Error.NotSupported";
    public const string LimitsExceeded = "org.freedesktop.DBus.Error.LimitsExceeded";
}

/// <summary>Thrown by a method handler to reply with a D-Bus error of this name and message.</summary>
public sealed class DBusErrorException : Exception
{
    public DBusErrorException(string errorName, string message) : base(message) => ErrorName = errorName;

    public DBusErrorException() : this(DBusErrorNames.Failed, "failed") { }

    public DBusErrorException(string message) : this(DBusErrorNames.Failed, message) { }

    public DBusErrorException(string message, Exception inner) : base(message, inner) => ErrorName = DBusErrorNames.Failed;

    public string ErrorName { get; }
}
