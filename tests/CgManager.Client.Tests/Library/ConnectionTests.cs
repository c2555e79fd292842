using CgManager.Client;

namespace CgManager.Client.Tests.Library;

public sealed class ConnectionTests
{
    [Fact]
    public async Task A_missing_socket_is_FileNotFound_with_the_path()
    {
        var e = await Assert.ThrowsAsync<CgManagerException>(() => CgManagerClient.ConnectAsync("/nonexistent/cgm/sock"));
        Assert.Equal(CgManagerErrorNames.FileNotFound, e.ErrorName);
        Assert.Equal("Failed to connect to socket /nonexistent/cgm/sock: No such file or directory", e.Message);
        Assert.Null(e.Method);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_NoServer()
    {
        var folder = Directory.CreateTempSubdirectory("cgm-stale-").FullName;
        try
        {
            string path = Path.Combine(folder, "sock");
            Linux.Sockets.UnixSocket.Listen(path, 1).Dispose(); // leaves a stale socket file
            var e = await Assert.ThrowsAsync<CgManagerException>(() => CgManagerClient.ConnectAsync(path));
            Assert.Equal(CgManagerErrorNames.NoServer, e.ErrorName);
            Assert.EndsWith("Connection refused", e.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_default_socket_is_the_standard_path_unless_CGM_SOCKET_says_otherwise()
    {
        string? saved = Environment.GetEnvironmentVariable("CGM_SOCKET");
        try
        {
            Environment.SetEnvironmentVariable("CGM_SOCKET", null);
            Assert.Equal("/sys/fs/cgroup/cgmanager/sock", CgManagerClient.DefaultSocketPath);
            Environment.SetEnvironmentVariable("CGM_SOCKET", "/run/x/sock");
            Assert.Equal("/run/x/sock", CgManagerClient.DefaultSocketPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CGM_SOCKET", saved);
        }
    }
}
