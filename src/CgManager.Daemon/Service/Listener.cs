using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Service;

/// <summary>The socket the server accepts on: the one socket activation handed us, or one we bind.</summary>
internal static class Listener
{
    /// <returns>The listening socket, and whether it is inherited (shared with the service manager).</returns>
    public static (UnixSocket Socket, bool Inherited) Open(string path, int backlog) =>
        SocketActivation.TakeListener() is { } inherited ? (inherited, true) : (SocketSetup.Listen(path, backlog), false);
}
