using CgManager.Integration.Tests.Infrastructure;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Integration.Tests;

/// <summary>
/// Issue 12 finding 2: the socket is made only in a folder nobody but root can change, never
/// through a symlink, and with its mode set at bind (no chmod by path a racing user could redirect).
/// </summary>
public sealed class SocketFolderTests : IDisposable
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0b111_101_101;
    private readonly string _root = Directory.CreateTempSubdirectory("cgm-sockdir-").FullName;

    public SocketFolderTests() => File.SetUnixFileMode(_root, Mode0755);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs the daemon for at most two seconds; a refused folder makes it exit 1 at once.</summary>
    private static ToolResult Daemon(string socket) =>
        Tool.Run("timeout", ["-s", "TERM", "2", Repo.DaemonBinary, "--socket", socket], TimeSpan.FromSeconds(20));

    [Fact]
    public void A_socket_folder_owned_by_another_user_is_refused_with_a_clear_message()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "users")).FullName;
        File.SetUnixFileMode(folder, Mode0755);
        Sys.FchownAt(null, folder, 1000, 1000);
        var result = Daemon(Path.Combine(folder, "sock"));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"refusing socket folder {folder}: it is owned by uid 1000", result.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "sock")));
    }

    [Fact]
    public void A_socket_folder_writable_by_others_is_refused()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "open")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b1_111_111_111); // 1777, as /tmp: sticky does not make it safe
        var result = Daemon(Path.Combine(folder, "sock"));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("writable by group or others (mode 1777)", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_symlinked_socket_folder_is_refused()
    {
        string real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        File.SetUnixFileMode(real, Mode0755);
        string link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, real);
        var result = Daemon(Path.Combine(link, "sock"));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"refusing socket folder {link}: it is a symbolic link", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(real));
    }

    [Fact]
    public void A_symlink_planted_at_the_socket_name_is_replaced_not_followed()
    {
        string elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        string victim = Path.Combine(elsewhere, "secret");
        File.WriteAllText(victim, "root only");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string folder = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        File.SetUnixFileMode(folder, Mode0755);
        File.CreateSymbolicLink(Path.Combine(folder, "sock"), victim);

        using var daemon = RunningDaemon.Start(inFolder: folder);
        var socket = Sys.FstatAt(null, daemon.SocketPath, AtFlags.AT_SYMLINK_NOFOLLOW);
        Assert.Equal(FileType.Socket, socket.Type);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(victim));
        Assert.Equal("root only", File.ReadAllText(victim));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!daemon.Stderr.Contains("replacing the symbolic link", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20); // the daemon's stderr is read asynchronously
        }

        Assert.Contains("replacing the symbolic link", daemon.Stderr);
    }

    [Fact]
    public void A_normal_start_creates_the_folder_0755_and_the_socket_0666()
    {
        string folder = Path.Combine(_root, "fresh");
        string path = Path.Combine(folder, "sock");
        var result = Daemon(path);
        Assert.Contains("ready on", result.Stderr);
        Assert.Equal(Mode0755, File.GetUnixFileMode(folder));
        Assert.Equal(FileType.Directory, Sys.FstatAt(null, folder, AtFlags.AT_SYMLINK_NOFOLLOW).Type);
        Assert.False(File.Exists(path), "the socket was not removed at SIGTERM");
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // no temporary name left behind

        using var daemon = RunningDaemon.Start(inFolder: folder);
        var status = Sys.FstatAt(null, daemon.SocketPath, AtFlags.AT_SYMLINK_NOFOLLOW);
        Assert.Equal(0x1b6u, status.Permissions); // 0666
        using var client = UnixSocket.Connect(daemon.SocketPath);
    }
}
