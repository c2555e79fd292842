namespace CgManager.Core.Keys;

/// <summary>
/// One write() of <paramref name="Text"/> to <paramref name="File"/> in the cgroup's directory. The text carries no
/// trailing newline (the writer adds one, as SetValue does); an empty text is still written, as a lone newline,
/// because an empty <c>cpuset.cpus</c> is a real value.
/// </summary>
public readonly record struct FileWrite(string File, string Text)
{
    public override string ToString() => $"{File} <- \"{Text}\"";
}
