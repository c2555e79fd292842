using System.Numerics;

namespace CgManager.DBus;

// Name rules are written once, generic over the character type, so the reader can check
// UTF-8 bytes from the wire and callers can check strings with the same code.
public static partial class SignatureRules
{
    public static bool IsValidObjectPath(string path) => path is not null && IsValidObjectPath(path.AsSpan());

    public static bool IsValidInterfaceName(string name) => name is not null && IsValidDottedName(name.AsSpan());

    public static bool IsValidMemberName(string name) => name is not null && IsValidMemberName(name.AsSpan());

    /// <summary>Error names follow the interface name rules.</summary>
    public static bool IsValidErrorName(string name) => name is not null && IsValidDottedName(name.AsSpan());

    /// <summary>A unique name (":1.42") or a well-known name ("org.linuxcontainers.cgmanager").</summary>
    public static bool IsValidBusName(string name) => name is not null && IsValidBusName(name.AsSpan());

    /// <summary>"/" or "/" followed by non-empty elements of [A-Za-z0-9_] separated by "/".</summary>
    internal static bool IsValidObjectPath<T>(ReadOnlySpan<T> path)
        where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if (path.IsEmpty || uint.CreateTruncating(path[0]) != '/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        bool previousWasSlash = true;
        for (int i = 1; i < path.Length; i++)
        {
            uint c = uint.CreateTruncating(path[i]);
            if (c == '/')
            {
                if (previousWasSlash)
                {
                    return false;
                }

                previousWasSlash = true;
            }
            else if (IsWordChar(c))
            {
                previousWasSlash = false;
            }
            else
            {
                return false;
            }
        }

        return !previousWasSlash;
    }

    /// <summary>Interface and error names: two or more elements, none empty nor starting with a digit.</summary>
    internal static bool IsValidDottedName<T>(ReadOnlySpan<T> name)
        where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if (name.IsEmpty || name.Length > ProtocolConstants.MaxNameLength)
        {
            return false;
        }

        int elements = 0;
        bool atElementStart = true;
        foreach (T ch in name)
        {
            uint c = uint.CreateTruncating(ch);
            if (c == '.')
            {
                if (atElementStart)
                {
                    return false;
                }

                atElementStart = true;
            }
            else if (atElementStart ? IsWordStart(c) : IsWordChar(c))
            {
                if (atElementStart)
                {
                    elements++;
                }

                atElementStart = false;
            }
            else
            {
                return false;
            }
        }

        return !atElementStart && elements >= 2;
    }

    internal static bool IsValidMemberName<T>(ReadOnlySpan<T> name)
        where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if (name.IsEmpty || name.Length > ProtocolConstants.MaxNameLength || !IsWordStart(uint.CreateTruncating(name[0])))
        {
            return false;
        }

        foreach (T ch in name[1..])
        {
            if (!IsWordChar(uint.CreateTruncating(ch)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Bus names allow '-'; in unique names (":1.42") elements may also start with a digit.</summary>
    internal static bool IsValidBusName<T>(ReadOnlySpan<T> name)
        where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if (name.IsEmpty || name.Length > ProtocolConstants.MaxNameLength)
        {
            return false;
        }

        bool unique = uint.CreateTruncating(name[0]) == ':';
        int elements = 0;
        bool atElementStart = true;
        foreach (T ch in unique ? name[1..] : name)
        {
            uint c = uint.CreateTruncating(ch);
            if (c == '.')
            {
                if (atElementStart)
                {
                    return false;
                }

                atElementStart = true;
                continue;
            }

            bool allowed = c == '-' || ((atElementStart && !unique) ? IsWordStart(c) : IsWordChar(c));
            if (!allowed)
            {
                return false;
            }

            if (atElementStart)
            {
                elements++;
            }

            atElementStart = false;
        }

        return !atElementStart && elements >= 2;
    }

    private static bool IsWordStart(uint c) => c - 'A' <= 'Z' - 'A' || c - 'a' <= 'z' - 'a' || c == '_';

    private static bool IsWordChar(uint c) => IsWordStart(c) || c - '0' <= '9' - '0';
}
