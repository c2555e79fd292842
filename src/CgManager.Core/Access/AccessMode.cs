namespace CgManager.Core.Access;

/// <summary>What a requestor wants to do with a file or directory (spec §2.5). Execute is never checked.</summary>
[Flags]
public enum AccessMode
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}
