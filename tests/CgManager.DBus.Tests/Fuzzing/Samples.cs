using CgManager.DBus.Tests.Messages;
using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Fuzzing;

/// <summary>Valid messages to break: every golden capture plus the hand-built big-endian ones.</summary>
internal static class Samples
{
    public const string BigEndianPing = "big-endian-ping";
    public const string BigEndianComplex = "big-endian-complex";

    public static IEnumerable<string> Names => [.. GoldenFiles.Names, BigEndianPing, BigEndianComplex];

    public static byte[] Load(string name) => name switch
    {
        BigEndianPing => [.. BigEndianTests.PingBigEndian],
        BigEndianComplex => BigEndianTests.ComplexBigEndian(),
        _ => GoldenFiles.Load(name),
    };

    /// <summary>A seed that is the same in every run (string.GetHashCode is not).</summary>
    public static int StableSeed(string name)
    {
        int seed = 20_260_101;
        foreach (char c in name)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }
}
