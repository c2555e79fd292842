namespace CgManager.Core.Keys;

/// <summary>Whether a key can be read, written, or both.</summary>
public enum KeyAccess
{
    /// <summary>GetValue and SetValue.</summary>
    ReadWrite,

    /// <summary>GetValue only: usage figures and counters.</summary>
    ReadOnly,

    /// <summary>SetValue only: commands such as <c>devices.allow</c>, whose effect is read through another key.</summary>
    WriteOnly,
}
