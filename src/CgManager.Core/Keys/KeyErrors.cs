using CgManager.Core.Errors;

namespace CgManager.Core.Keys;

/// <summary>The failures of key translation, each naming the key so a multi-value call says which one failed.</summary>
internal static class KeyErrors
{
    /// <summary>A value the key cannot take: wrong shape or out of range. "invalid argument:"</summary>
    public static CgException BadValue(string key, KeyValue value, string why) =>
        new(CgErrorKind.InvalidArgument, $"{key}: '{value.Text}' {why}");

    /// <summary>A value that is well formed but not allowed in this state. "invalid argument:"</summary>
    public static CgException Refused(string key, string why) =>
        new(CgErrorKind.InvalidArgument, $"{key}: {why}");

    /// <summary>The key exists but not on this hierarchy version, or the kernel lacks its file. "not supported:"</summary>
    public static CgException NotSupported(string key, string why) =>
        new(CgErrorKind.NotSupported, $"{key}: {why}");

    /// <summary>The key cannot be used that way (read a write-only key...). "invalid key:"</summary>
    public static CgException WrongUse(string key, string why) =>
        new(CgErrorKind.InvalidKey, $"{key}: {why}");

    /// <summary>A kernel file held text we cannot parse: a kernel we do not know, or a fake. "failed:"</summary>
    public static CgException Unreadable(string key, string file, string text) =>
        new(CgErrorKind.Failed, $"{key}: cannot parse {file} contents '{text.Trim()}'");
}
