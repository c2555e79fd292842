namespace CgManager.DBus.Transport;

/// <summary>
/// Where a connection charges what it holds for a message that has not fully arrived: buffer
/// bytes beyond its small initial buffer, and received fds no message has claimed yet. A refused
/// charge drops the connection. The server charges these to the peer's uid (<see cref="Server.UidShares"/>).
/// </summary>
public interface IReceiveBudget
{
    bool TryTakeBytes(long bytes, out string refusal);

    void GiveBytes(long bytes);

    bool TryTakeFds(int count, out string refusal);

    void GiveFds(int count);
}
