using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// How a key file is checked and read or written, the same for compat GetValue/SetValue, their v1 spellings on v2
/// and Manager1's multi-value calls (<see cref="KeyWrite"/>): a missing file is "invalid key", any other failure the kernel's answer.
/// </summary>
internal static class KeyFiles
{
    /// <summary>
    /// r's right to a key file, by its stat. Host root may read and write any file that exists, and
    /// whether it exists the open itself tells (<see cref="On{T}"/>), so its reads and writes skip this.
    /// </summary>
    public static void RequireAccess(Caller caller, MountedHierarchy hierarchy, string path, string what, AccessMode mode)
    {
        var facts = hierarchy.Facts(path) ?? throw Missing(what);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, mode, what));
    }

    /// <summary>
    /// Reads or writes a key file. ENOENT is InvalidKey when the file is indeed not there (as when a
    /// stat found none), and the kernel's own answer otherwise.
    /// </summary>
    public static T On<T>(MountedHierarchy hierarchy, string path, string what, Func<T> action, string doing)
    {
        try
        {
            return action();
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT && hierarchy.Facts(path) is null)
        {
            throw Missing(what);
        }
        catch (LinuxException e)
        {
            throw KernelErrors.ToCgException(e, doing);
        }
    }

    public static void On(MountedHierarchy hierarchy, string path, string what, Action action, string doing) =>
        On(hierarchy, path, what, () =>
        {
            action();
            return true;
        }, doing);

    private static CgException Missing(string what) => new(CgErrorKind.InvalidKey, $"{what} does not exist");
}
