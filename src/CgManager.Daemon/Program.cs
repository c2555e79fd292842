namespace CgManager.Daemon;

internal static class Program
{
    private static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
