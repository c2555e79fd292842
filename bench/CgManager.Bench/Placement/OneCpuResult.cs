using CgManager.Bench.Load;

namespace CgManager.Bench.Placement;

/// <summary>What <see cref="OneCpuLane"/> measured, on which CPU.</summary>
internal sealed record OneCpuResult(int Cpu, LoadResult Ping, LoadResult Cycle);
