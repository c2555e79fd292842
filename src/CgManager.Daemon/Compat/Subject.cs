namespace CgManager.Daemon.Compat;

/// <summary>
/// What a method's plain form takes after the arguments both forms share, and its Scm form receives as the
/// second credential instead: nothing, the victim's pid (GetPidCgroup, MovePid), or the target ids (Chown).
/// </summary>
internal enum SubjectKind
{
    None,
    Pid,
    Ids,
}

/// <summary>The second identity of a request, however it came: an int32 argument or a kernel-translated credential.</summary>
internal readonly record struct Subject(int Pid, uint Uid, uint Gid);
