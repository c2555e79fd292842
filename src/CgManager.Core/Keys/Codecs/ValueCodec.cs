namespace CgManager.Core.Keys.Codecs;

/// <summary>How a key that maps to one file per version turns a neutral value into that file's text and back.</summary>
internal abstract class ValueCodec
{
    /// <summary>The text to write.</summary>
    /// <exception cref="Errors.CgException">InvalidArgument for a value the key cannot take.</exception>
    public abstract string Encode(CgroupVersion version, KeyValue value, string key);

    /// <summary>The neutral value of the file's text (trailing newlines already removed).</summary>
    /// <exception cref="Errors.CgException">Failed if the text makes no sense.</exception>
    public abstract KeyValue Decode(CgroupVersion version, string text, string key, string file);
}
