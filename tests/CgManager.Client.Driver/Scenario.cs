using System.Diagnostics;
using CgManager.Client;

namespace CgManager.Client.Driver;

/// <summary>What a scenario gets: the socket, extra arguments, and small checks that throw with a clear text.</summary>
public sealed class Scenario(string socket, string[] args)
{
    public string Socket { get; } = socket;

    public string[] Args { get; } = args;

    public Task<CgManagerClient> ConnectAsync(ScmMode mode) =>
        CgManagerClient.ConnectAsync(new CgManagerClientOptions { SocketPath = Socket, ScmMode = mode });

    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("check failed: " + what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"check failed: {what}: expected '{expected}', got '{actual}'");
        }
    }

    public static async Task<CgManagerException> ThrowsAsync(Func<Task> call, string what)
    {
        try
        {
            await call();
        }
        catch (CgManagerException e)
        {
            return e;
        }

        throw new InvalidOperationException($"check failed: {what}: expected a CgManagerException");
    }

    /// <summary>A sleeping child, inside our sandbox because we are.</summary>
    public static Process StartSleeper() =>
        Process.Start(new ProcessStartInfo("sleep", "1000") { UseShellExecute = false })!;
}
