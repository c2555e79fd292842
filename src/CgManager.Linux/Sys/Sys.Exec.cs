using System.Runtime.InteropServices;

namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>
    /// execvp(3): replaces this process with <paramref name="argv"/>[0], searched in PATH, keeping the
    /// pid (so a cgroup the process was moved into is the command's). Returns only by throwing.
    /// The runtime ignores SIGPIPE and may block signals, and both survive exec: they are reset first,
    /// so that the command starts with the dispositions a shell would give it.
    /// </summary>
    public static void ExecVp(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentOutOfRangeException.ThrowIfZero(argv.Count);
        var strings = new nint[argv.Count + 1];
        try
        {
            for (int i = 0; i < argv.Count; i++)
            {
                byte[] bytes = Interop.CPath(argv[i]);
                strings[i] = Marshal.AllocHGlobal(bytes.Length);
                Marshal.Copy(bytes, 0, strings[i], bytes.Length);
            }

            _ = Interop.signal((int)Signal.SIGPIPE, Interop.SIG_DFL);
            byte* empty = stackalloc byte[Interop.SigsetSize];
            new Span<byte>(empty, Interop.SigsetSize).Clear();
            _ = Interop.sigprocmask(Interop.SIG_SETMASK, empty, null);
            fixed (nint* vector = strings)
            {
                Interop.execvp((byte*)strings[0], (byte**)vector);
            }

            throw LinuxException.FromLast("execvp", argv[0]);
        }
        finally
        {
            foreach (nint s in strings)
            {
                if (s != 0)
                {
                    Marshal.FreeHGlobal(s);
                }
            }
        }
    }
}
