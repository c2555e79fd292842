using CgManager.Linux;

namespace CgManager.DBus;

// Factories check names and signatures up front: a bad one is our bug, and sending it would
// make the peer drop the connection instead of telling us.
public sealed partial class Message
{
    private const string ErrorSignature = "s";

    // Nobody answers a reply; saying so up front is what libdbus and sd-bus do too.
    private const MessageFlags ReplyFlags = MessageFlags.NoReplyExpected;

    public static Message CreateMethodCall(string? destination, string path, string? iface, string member,
        string signature, ReadOnlyMemory<byte> body, MessageFlags flags = MessageFlags.None, IReadOnlyList<SafeFd>? fds = null)
    {
        CheckPath(path);
        if (iface is not null)
        {
            CheckName(iface, SignatureRules.IsValidInterfaceName, "an interface name", nameof(iface));
        }

        CheckName(member, SignatureRules.IsValidMemberName, "a member name", nameof(member));
        if (destination is not null)
        {
            CheckName(destination, SignatureRules.IsValidBusName, "a bus name", nameof(destination));
        }

        CheckSignature(signature);
        return new Message
        {
            Type = MessageType.MethodCall,
            Flags = flags,
            Destination = destination,
            Path = path,
            Interface = iface,
            Member = member,
            Signature = signature,
            Body = body,
            OutgoingFds = fds ?? [],
        };
    }

    public static Message CreateMethodReturn(Message call, string signature, ReadOnlyMemory<byte> body, IReadOnlyList<SafeFd>? fds = null)
    {
        CheckCall(call);
        CheckSignature(signature);
        return new Message
        {
            Type = MessageType.MethodReturn,
            Flags = ReplyFlags,
            ReplySerial = call.Serial,
            Destination = call.Sender,
            Signature = signature,
            Body = body,
            OutgoingFds = fds ?? [],
        };
    }

    /// <summary>An ERROR reply with one string argument (the error message), as every D-Bus implementation sends.</summary>
    public static Message CreateError(Message call, string errorName, string text)
    {
        CheckCall(call);
        CheckName(errorName, SignatureRules.IsValidErrorName, "an error name", nameof(errorName));
        var body = new MessageWriter();
        body.WriteString(text);
        return new Message
        {
            Type = MessageType.Error,
            Flags = ReplyFlags,
            ErrorName = errorName,
            ReplySerial = call.Serial,
            Destination = call.Sender,
            Signature = ErrorSignature,
            Body = body.WrittenMemory,
        };
    }

    public static Message CreateSignal(string path, string iface, string member, string signature, ReadOnlyMemory<byte> body)
    {
        CheckPath(path);
        CheckName(iface, SignatureRules.IsValidInterfaceName, "an interface name", nameof(iface));
        CheckName(member, SignatureRules.IsValidMemberName, "a member name", nameof(member));
        CheckSignature(signature);
        return new Message
        {
            Type = MessageType.Signal,
            Path = path,
            Interface = iface,
            Member = member,
            Signature = signature,
            Body = body,
        };
    }

    private static void CheckCall(Message call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Serial == 0)
        {
            throw new ArgumentException("the call has serial 0, so a reply could not refer to it", nameof(call));
        }
    }

    private static void CheckPath(string path)
    {
        if (!SignatureRules.IsValidObjectPath(path))
        {
            throw new ArgumentException($"'{path}' is not a valid object path", nameof(path));
        }
    }

    private static void CheckName(string name, Func<string, bool> isValid, string what, string parameterName)
    {
        if (!isValid(name))
        {
            throw new ArgumentException($"'{name}' is not {what}", parameterName);
        }
    }

    private static void CheckSignature(string signature)
    {
        if (!SignatureRules.IsValid(signature, out string? error))
        {
            throw new ArgumentException($"'{signature}' is not a valid signature: {error}", nameof(signature));
        }
    }
}
