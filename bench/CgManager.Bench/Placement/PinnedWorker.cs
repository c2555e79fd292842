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
            // the client's own thread: a refusal is an error of this operation, counted like any other
            try
            {
                CpuAffinity.TrySet(0, CpuAffinity.Only(cpu));
            }
            catch (InvalidOperationException e)
            {
                throw new BenchException($"cannot pin the client thread to CPU {cpu}: {e.Message}");
            }

            _pinned = true;
        }

        inner.RunOnce(stepTicks);
    }

    public void Recover() => inner.Recover();

    public void Dispose() => inner.Dispose();
}
