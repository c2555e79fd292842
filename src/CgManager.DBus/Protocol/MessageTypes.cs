namespace CgManager.DBus;

/// <summary>The D-Bus message type (header byte 1).</summary>
public enum MessageType : byte
{
    Invalid = 0,
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}

/// <summary>The D-Bus header flags (header byte 2).</summary>
[Flags]
public enum MessageFlags : byte
{
    None = 0,
    NoReplyExpected = 1,
    NoAutoStart = 2,
    AllowInteractiveAuthorization = 4,
}

/// <summary>Raised for bytes that break the D-Bus specification; the message says exactly what is wrong.</summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException() { }
    public ProtocolException(string message) : base(message) { }
    public ProtocolException(string message, Exception inner) : base(message, inner) { }
}
