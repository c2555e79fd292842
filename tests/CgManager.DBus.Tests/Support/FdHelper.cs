using CgManager.Linux;

namespace CgManager.DBus.Tests.Support;

internal static class FdHelper
{
    /// <summary>A real fd (on /dev/null) owned by a <see cref="SafeFd"/>, so closing can be observed.</summary>
    public static SafeFd OpenDevNull()
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle("/dev/null");
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid(); // ownership moves to the SafeFd
        return new SafeFd(fd);
    }
}
