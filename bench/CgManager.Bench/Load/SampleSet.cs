namespace CgManager.Bench.Load;

/// <summary>
/// The step durations of one thread's operations, one growable column per step, plus a last
/// column with each operation's total when it has more than one step.
/// </summary>
internal sealed class SampleSet
{
    private const int InitialCapacity = 16 * 1024;

    private readonly long[][] _columns;
    private readonly bool _withTotal;
    private int _count;

    public SampleSet(int steps)
    {
        _withTotal = steps > 1;
        _columns = new long[steps + (_withTotal ? 1 : 0)][];
        for (int i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new long[InitialCapacity];
        }
    }

    public int Count => _count;

    public void Add(ReadOnlySpan<long> steps)
    {
        if (_count == _columns[0].Length)
        {
            for (int i = 0; i < _columns.Length; i++)
            {
                Array.Resize(ref _columns[i], _columns[i].Length * 2);
            }
        }

        long total = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            _columns[i][_count] = steps[i];
            total += steps[i];
        }

        if (_withTotal)
        {
            _columns[^1][_count] = total;
        }

        _count++;
    }

    public ReadOnlySpan<long> Column(int index) => _columns[index].AsSpan(0, _count);
}
