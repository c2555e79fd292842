using System.Text;

namespace CgManager.Linux.Proc;

/// <summary>
/// One process's /proc/PID/cgroup, held open and read afresh on every <see cref="Read"/>. A
/// daemon needs its client's cgroups per request (tasks move), and reading them is a third of a
/// small request's cost when the file is opened by name and parsed each time. Held open, the fd
/// names the process itself, not a pid number that could be reused; the text is still read from
/// the kernel every time, and only its parse is reused while the text is byte-for-byte the same.
/// Not thread-safe: one connection's thread uses it.
/// </summary>
public sealed class ProcessCgroupFile : IDisposable
{
    private const int MaxBytes = 1024 * 1024;

    private readonly SafeFd _fd;
    private readonly string _path;
    private byte[] _buffer = new byte[1024];
    private byte[] _parsedText = [];
    private IReadOnlyList<CgroupMembership> _parsed = [];

    internal ProcessCgroupFile(SafeFd fd, string path)
    {
        _fd = fd;
        _path = path;
    }

    /// <summary>The process's cgroups now. ESRCH (as a <see cref="LinuxException"/>) once it has exited.</summary>
    public IReadOnlyList<CgroupMembership> Read()
    {
        int length = Sys.ReadWholeRecordInto(_fd, ref _buffer, MaxBytes, _path);
        var text = _buffer.AsSpan(0, length);
        if (!text.SequenceEqual(_parsedText))
        {
            _parsed = CgroupMembership.ParseAll(Encoding.UTF8.GetString(text));
            _parsedText = text.ToArray();
        }

        return _parsed;
    }

    public void Dispose() => _fd.Dispose();
}
