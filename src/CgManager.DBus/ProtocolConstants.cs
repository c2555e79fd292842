namespace CgManager.DBus;

/// <summary>Every limit of the D-Bus layer, named once.</summary>
public static class ProtocolConstants
{
    /// <summary>The specification's own ceiling for one message (128 MiB); we accept far less, see <see cref="MaxIncomingMessageSize"/>.</summary>
    public const int SpecMaxMessageSize = 128 * 1024 * 1024;

    /// <summary>Largest message a peer may send us. cgmanager requests are a few hundred bytes.</summary>
    public const int MaxIncomingMessageSize = 1024 * 1024;

    /// <summary>Largest array, in bytes, per the specification (64 MiB).</summary>
    public const int MaxArrayLength = 64 * 1024 * 1024;

    /// <summary>Maximum nesting of arrays in a signature, per the specification.</summary>
    public const int MaxArrayNesting = 32;

    /// <summary>Maximum nesting of structs in a signature, per the specification.</summary>
    public const int MaxStructNesting = 32;

    /// <summary>Maximum total nesting (arrays, structs, variants) of a value, per the specification.</summary>
    public const int MaxTotalNesting = 64;

    /// <summary>Maximum length of a signature, per the specification.</summary>
    public const int MaxSignatureLength = 255;

    /// <summary>Maximum length of a bus or interface or member name, per the specification.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Unix fds we accept with one message.</summary>
    public const int MaxFdsPerMessage = 16;
}
