using CgManager.Bench.Load;

namespace CgManager.Bench.Placement;

/// <summary>A worker whose thread runs on one CPU: pinned on its first operation, which runs on the load's own thread.</summary>
internal sealed class PinnedWorker(ILoadWorker inner, int cpu) : ILoadWorker
{
    private bool _pinned;

    public void RunOnce(Span<long> stepTicks)
    {
        if (!_pinned)
        {
            CpuAffinity.TrySet(0, CpuAffinity.Only(cpu));
            _pinned = true;
        }

        inner.RunOnce(stepTicks);
    }

    public void Recover() => inner.Recover();

    public void Dispose() => inner.Dispose();
}
