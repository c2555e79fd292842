using System.Buffers.Binary;
using System.Diagnostics;
using CgManager.DBus;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Linux.Sockets;

namespace CgManager.Integration.Tests;

/// <summary>Misbehaving clients are dropped while well-behaved ones keep being served; nothing leaks.</summary>
public sealed class RobustnessTests
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";

    private static void AssertServes(RunningDaemon daemon)
    {
        using var client = RawClient.Connect(daemon.SocketPath);
        using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(0));
        Assert.Equal(MessageType.MethodReturn, reply.Type);
    }

    /// <summary>Reads until the daemon closes the socket; true if it did within the time.</summary>
    private static bool ClosedByDaemon(UnixSocket socket, TimeSpan within)
    {
        socket.SetReceiveTimeout(within);
        var buffer = new byte[4096];
        try
        {
            while (socket.Receive(buffer, null, out _) > 0)
            {
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (CgManager.Linux.LinuxException)
        {
            return true; // ECONNRESET
        }
    }

    private static UnixSocket Authenticated(RunningDaemon daemon)
    {
        var socket = UnixSocket.Connect(daemon.SocketPath);
        socket.SendAll("\0AUTH EXTERNAL 30\r\nBEGIN\r\n"u8);
        socket.SetReceiveTimeout(TimeSpan.FromSeconds(5));
        var buffer = new byte[128];
        int n = socket.Receive(buffer, null, out _);
        Assert.StartsWith("OK ", System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        return socket;
    }

    [Fact]
    public void A_hundred_concurrent_clients_are_all_answered()
    {
        using var daemon = RunningDaemon.Start();
        var clients = Enumerable.Range(0, 120).Select(_ => RawClient.Connect(daemon.SocketPath)).ToList();
        try
        {
            int answered = 0;
            Parallel.ForEach(clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, client =>
            {
                for (int i = 0; i < 5; i++)
                {
                    using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(i));
                    if (reply.Type == MessageType.MethodReturn)
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
            });
            Assert.Equal(600, answered);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void A_client_that_never_authenticates_is_dropped_while_others_are_served()
    {
        using var daemon = RunningDaemon.Start();
        using var silent = UnixSocket.Connect(daemon.SocketPath);
        AssertServes(daemon);
        var clock = Stopwatch.StartNew();
        Assert.True(ClosedByDaemon(silent, TimeSpan.FromSeconds(15)), "silent client was not dropped");
        Assert.InRange(clock.Elapsed.TotalSeconds, 3, 12);
        AssertServes(daemon);
    }

    [Fact]
    public void Garbage_instead_of_the_handshake_is_dropped()
    {
        using var daemon = RunningDaemon.Start();
        using var socket = UnixSocket.Connect(daemon.SocketPath);
        socket.SendAll("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        Assert.True(ClosedByDaemon(socket, TimeSpan.FromSeconds(3)));
        AssertServes(daemon);
    }

    [Fact]
    public void Garbage_after_authentication_is_dropped()
    {
        using var daemon = RunningDaemon.Start();
        using var socket = Authenticated(daemon);
        socket.SendAll("this is not a D-Bus message at all....."u8);
        Assert.True(ClosedByDaemon(socket, TimeSpan.FromSeconds(3)));
        WaitFor(() => daemon.Stderr.Contains("dropping client"), TimeSpan.FromSeconds(3));
        Assert.Contains("dropping client", daemon.Stderr);
        AssertServes(daemon);
    }

    [Fact]
    public void A_client_that_disconnects_mid_message_costs_nothing()
    {
        using var daemon = RunningDaemon.Start();
        AssertServes(daemon);
        WaitFor(() => false, TimeSpan.FromMilliseconds(200)); // the readiness probe's connection closes asynchronously
        int fdsBefore = daemon.FdCount;
        var writer = new MessageWriter();
        writer.WriteInt32(0);
        using var ping = Message.CreateMethodCall(null, "/org/linuxcontainers/cgmanager", Iface, "Ping", "i", writer.WrittenMemory.ToArray());
        byte[] bytes = ping.Serialize(1);
        for (int i = 0; i < 20; i++)
        {
            using var socket = Authenticated(daemon);
            socket.SendAll(bytes.AsSpan(0, bytes.Length / 2));
        }

        AssertServes(daemon);
        WaitFor(() => daemon.FdCount <= fdsBefore, TimeSpan.FromSeconds(5));
        Assert.InRange(daemon.FdCount, 0, fdsBefore);
    }

    /// <summary>
    /// Issue 12 finding 9: the handshake and the first message with its fd in one sendmsg. The fd
    /// arrives with the handshake's bytes; it used to be discarded there and the client dropped
    /// ("announces 1 unix fds but only 0 arrived").
    /// </summary>
    [Fact]
    public void An_fd_sent_together_with_BEGIN_reaches_the_first_message()
    {
        using var daemon = RunningDaemon.Start();
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Datagram);
        using (ours)
        using (theirs)
        using (var socket = UnixSocket.Connect(daemon.SocketPath))
        {
            var writer = new MessageWriter();
            writer.WriteString("memory");
            writer.WriteUnixFdIndex(0);
            using var call = Message.CreateMethodCall(null, "/org/linuxcontainers/cgmanager", Iface, "GetPidCgroupScm", "sh",
                writer.WrittenMemory.ToArray(), MessageFlags.None, [theirs.Handle]);
            byte[] handshake = "\0AUTH EXTERNAL 30\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n"u8.ToArray();
            byte[] all = [.. handshake, .. call.Serialize(1)];
            Assert.Equal(all.Length, socket.SendOnce(all, [theirs.Handle], null));

            var received = ReadUntil(socket, bytes => bytes.Contains("AGREE_UNIX_FD\r\n") && bytes.Length > bytes.IndexOf("AGREE_UNIX_FD\r\n", StringComparison.Ordinal) + 16);
            int at = received.IndexOf("AGREE_UNIX_FD\r\n", StringComparison.Ordinal);
            Assert.True(at >= 0 && received.Length > at + 16, $"no reply after the handshake (dropped?): {received}\n{daemon.Stderr}");
            Assert.Equal((char)MessageType.MethodReturn, received[at + 15 + 1]);

            ours.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            var kick = new byte[8];
            Assert.Equal(1, ours.Receive(kick, null, out _)); // the daemon's first kick arrived on the fd we sent
            Assert.Equal((byte)'1', kick[0]);
        }

        Assert.DoesNotContain("arrived", daemon.Stderr);
    }

    /// <summary>Reads (as Latin-1 text) until <paramref name="done"/> says so, the peer closes, or 5 s pass.</summary>
    private static string ReadUntil(UnixSocket socket, Func<string, bool> done)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        socket.SetReceiveTimeout(TimeSpan.FromMilliseconds(200));
        while (!done(text.ToString()) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                int n = socket.Receive(buffer, null, out _);
                if (n == 0)
                {
                    break;
                }

                text.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, n));
            }
            catch (TimeoutException)
            {
            }
        }

        return text.ToString();
    }

    [Fact]
    public void A_two_GiB_length_prefix_is_refused_without_allocating_it()
    {
        using var daemon = RunningDaemon.Start();
        long rssBefore = daemon.RssKiB;
        using var socket = Authenticated(daemon);
        var header = new byte[16];
        header[0] = (byte)'l';
        header[1] = 1;
        header[3] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0x7fffffff);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), 8);
        socket.SendAll(header);
        Assert.True(ClosedByDaemon(socket, TimeSpan.FromSeconds(3)));
        AssertServes(daemon);
        Assert.InRange(daemon.RssKiB, 0, rssBefore + 64 * 1024);
    }

    [Fact]
    public void Ten_thousand_connect_call_disconnect_cycles_leak_no_fds()
    {
        using var daemon = RunningDaemon.Start();
        AssertServes(daemon);
        WaitFor(() => false, TimeSpan.FromMilliseconds(200));
        int fdsBefore = daemon.FdCount;
        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => AssertServes(daemon));
        WaitFor(() => daemon.FdCount <= fdsBefore, TimeSpan.FromSeconds(10));
        Assert.InRange(daemon.FdCount, 0, fdsBefore);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public void Sigterm_stops_the_daemon_and_removes_its_socket()
    {
        var daemon = RunningDaemon.Start();
        Assert.Equal(0, daemon.Stop());
        Assert.False(File.Exists(daemon.SocketPath));
        daemon.Dispose();
    }

    [Fact]
    public void A_second_daemon_on_a_live_socket_refuses_to_start()
    {
        using var daemon = RunningDaemon.Start();
        var second = Tool.Run(Repo.DaemonBinary, "--socket", daemon.SocketPath);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already answering", second.Stderr);
        AssertServes(daemon);
    }

    [Fact]
    public void Daemon_mode_detaches_writes_the_pid_file_and_keeps_serving()
    {
        string folder = Directory.CreateTempSubdirectory("cgm-detach-").FullName;
        string socket = Path.Combine(folder, "sock");
        string pidFile = Path.Combine(folder, "pid");
        try
        {
            var start = Tool.Run(Repo.DaemonBinary, "--daemon", "--socket", socket, "--pidfile", pidFile);
            Assert.True(start.ExitCode == 0, start.ToString());
            int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                Assert.True(Directory.Exists($"/proc/{pid}"), "the detached daemon is not running");
                Assert.NotEqual(File.ReadAllText("/proc/self/stat").Split(' ')[5], File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[3]); // own session
                using var client = RawClient.Connect(socket);
                using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(0));
                Assert.Equal(MessageType.MethodReturn, reply.Type);
            }
            finally
            {
                Tool.Run("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
                WaitFor(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(5));
            }

            Assert.False(File.Exists(socket), "the socket was not removed at SIGTERM");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_stale_socket_is_replaced()
    {
        string folder = Directory.CreateTempSubdirectory("cgm-stale-").FullName;
        try
        {
            string path = Path.Combine(folder, "sock");
            using (UnixSocket.Listen(path, 1))
            {
            }

            Assert.True(File.Exists(path));
            var result = Tool.Run("timeout", ["-s", "TERM", "2", Repo.DaemonBinary, "--socket", path]);
            Assert.Contains("removed stale socket", result.Stderr);
            Assert.Contains("ready on", result.Stderr);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            Thread.Sleep(20);
        }
    }
}
