using System.Globalization;
using System.Text;

namespace CgManager.DBus.Auth;

/// <summary>What the transport does after one SASL line.</summary>
public enum SaslOutcome
{
    /// <summary>Send the reply (if any) and read the next line.</summary>
    Continue,
    /// <summary>The client sent BEGIN after OK: binary messages follow.</summary>
    Begin,
    /// <summary>The client broke the protocol too often: drop it.</summary>
    Disconnect,
}

/// <summary>
/// The server side of the D-Bus SASL handshake (specification, "Authentication Protocol").
/// We offer EXTERNAL and ANONYMOUS. Authentication grants nothing: identity comes from
/// SO_PEERCRED, so an EXTERNAL claim that differs from it is accepted (spec §1.3).
/// Pure state machine over lines without their CRLF; the transport owns bytes and deadlines.
/// </summary>
public sealed class SaslServer
{
    /// <summary>Commands a client may send before BEGIN; libdbus needs at most five.</summary>
    public const int MaxCommands = 32;

    /// <summary>Longest line we read (libdbus uses the same bound).</summary>
    public const int MaxLineLength = 16384;

    private const string Mechanisms = "EXTERNAL ANONYMOUS";

    private readonly string _guid;
    private State _state = State.WaitingForAuth;
    private int _commands;

    public SaslServer(string guid) => _guid = guid;

    private enum State
    {
        WaitingForAuth,
        WaitingForData,
        WaitingForBegin,
    }

    /// <summary>True once the client asked for fd passing and we agreed.</summary>
    public bool UnixFdsNegotiated { get; private set; }

    /// <summary>The uid the client claimed with EXTERNAL, if any (informative only).</summary>
    public string? ClaimedIdentity { get; private set; }

    /// <summary>Handles one line; <paramref name="reply"/> is the line to send (without CRLF), or null.</summary>
    public SaslOutcome Process(string line, out string? reply)
    {
        reply = null;
        if (++_commands > MaxCommands)
        {
            return SaslOutcome.Disconnect;
        }

        var (command, argument) = Split(line);
        switch (_state)
        {
            case State.WaitingForAuth:
                return OnWaitingForAuth(command, argument, out reply);
            case State.WaitingForData:
                return OnWaitingForData(command, argument, out reply);
            default:
                return OnWaitingForBegin(command, out reply);
        }
    }

    private SaslOutcome OnWaitingForAuth(string command, string argument, out string? reply)
    {
        switch (command)
        {
            case "AUTH":
                return OnAuth(argument, out reply);
            case "ERROR":
            case "CANCEL":
                reply = "REJECTED " + Mechanisms;
                return SaslOutcome.Continue;
            case "BEGIN":
                // BEGIN before OK is a protocol violation the spec says ends the connection.
                reply = null;
                return SaslOutcome.Disconnect;
            default:
                reply = "ERROR \"unknown command or command not valid before AUTH\"";
                return SaslOutcome.Continue;
        }
    }

    private SaslOutcome OnAuth(string argument, out string? reply)
    {
        var (mechanism, initialResponse) = Split(argument);
        switch (mechanism)
        {
            case "EXTERNAL" when initialResponse.Length == 0:
                _state = State.WaitingForData;
                reply = "DATA";
                return SaslOutcome.Continue;
            case "EXTERNAL":
                return AcceptExternal(initialResponse, out reply);
            case "ANONYMOUS":
                return Accept(out reply);
            default:
                reply = "REJECTED " + Mechanisms;
                return SaslOutcome.Continue;
        }
    }

    private SaslOutcome OnWaitingForData(string command, string argument, out string? reply)
    {
        switch (command)
        {
            case "DATA":
                return argument.Length == 0 ? Accept(out reply) : AcceptExternal(argument, out reply);
            case "CANCEL":
            case "ERROR":
                _state = State.WaitingForAuth;
                reply = "REJECTED " + Mechanisms;
                return SaslOutcome.Continue;
            case "BEGIN":
                reply = null;
                return SaslOutcome.Disconnect;
            default:
                reply = "ERROR \"expected DATA\"";
                return SaslOutcome.Continue;
        }
    }

    private SaslOutcome OnWaitingForBegin(string command, out string? reply)
    {
        switch (command)
        {
            case "BEGIN":
                reply = null;
                return SaslOutcome.Begin;
            case "NEGOTIATE_UNIX_FD":
                UnixFdsNegotiated = true;
                reply = "AGREE_UNIX_FD";
                return SaslOutcome.Continue;
            case "CANCEL":
            case "ERROR":
                _state = State.WaitingForAuth;
                UnixFdsNegotiated = false;
                reply = "REJECTED " + Mechanisms;
                return SaslOutcome.Continue;
            default:
                reply = "ERROR \"expected BEGIN\"";
                return SaslOutcome.Continue;
        }
    }

    private SaslOutcome AcceptExternal(string hexIdentity, out string? reply)
    {
        var identity = DecodeHex(hexIdentity);
        if (identity is null)
        {
            _state = State.WaitingForAuth;
            reply = "REJECTED " + Mechanisms;
            return SaslOutcome.Continue;
        }

        ClaimedIdentity = identity;
        return Accept(out reply);
    }

    private SaslOutcome Accept(out string? reply)
    {
        _state = State.WaitingForBegin;
        reply = "OK " + _guid;
        return SaslOutcome.Continue;
    }

    /// <summary>Hex-decoded ASCII, or null when the text is not even-length hex.</summary>
    internal static string? DecodeHex(string hex)
    {
        if (hex.Length % 2 != 0)
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    internal static string EncodeHex(string text) => Convert.ToHexStringLower(Encoding.ASCII.GetBytes(text));

    private static (string Head, string Tail) Split(string text)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim(' '));
    }
}
