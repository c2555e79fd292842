namespace CgManager.Daemon;

/// <summary>What a start-up made, disposed together in the order given (null entries are what it did not need).</summary>
internal sealed class DisposeInOrder(params IDisposable?[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item?.Dispose();
        }
    }
}
