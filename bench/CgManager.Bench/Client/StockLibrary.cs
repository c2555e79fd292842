using System.Runtime.InteropServices;

namespace CgManager.Bench.Client;

/// <summary>Whether a stock client library can be loaded, so that a machine without it skips that lane with the reason.</summary>
internal static class StockLibrary
{
    /// <summary>Null when <paramref name="library"/> loads; otherwise one line saying what is missing and which package has it.</summary>
    public static string? MissingReason(string library, string package)
    {
        if (NativeLibrary.TryLoad(library, out nint handle))
        {
            NativeLibrary.Free(handle);
            return null;
        }

        return $"{library} cannot be loaded (install {package}, or run scripts/install-deps.sh)";
    }
}
