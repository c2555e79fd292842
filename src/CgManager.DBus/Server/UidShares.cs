namespace CgManager.DBus.Server;

/// <summary>
/// One shared resource (connections, buffered bytes, held fds, Scm exchanges, watches...) divided
/// between uids, so that no local user can take what the others and root need: each uid other than
/// root may hold at most <see cref="PerUid"/>, and all of them together at most
/// <see cref="Total"/> minus <see cref="ReservedForRoot"/>, which only root may use. Root has no
/// share of its own to exhaust: its requests must always be served. Thread-safe.
/// </summary>
public sealed class UidShares
{
    private readonly Dictionary<uint, long> _used = [];
    private readonly Lock _lock = new();
    private long _inUse;

    public UidShares(string resource, long perUid, long total, long reservedForRoot)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perUid);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, reservedForRoot);
        Resource = resource;
        PerUid = perUid;
        Total = total;
        ReservedForRoot = reservedForRoot;
    }

    /// <summary>What is shared, for messages ("connections", "bytes of unfinished messages").</summary>
    public string Resource { get; }

    public long PerUid { get; }

    public long Total { get; }

    public long ReservedForRoot { get; }

    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    public long UsedBy(uint uid)
    {
        lock (_lock)
        {
            return _used.GetValueOrDefault(uid);
        }
    }

    /// <summary>Takes <paramref name="amount"/> for <paramref name="uid"/>, or says in <paramref name="refusal"/> why not.</summary>
    public bool TryTake(uint uid, long amount, out string refusal)
    {
        lock (_lock)
        {
            long mine = _used.GetValueOrDefault(uid);
            bool root = uid == 0;
            if (!root && mine + amount > PerUid)
            {
                refusal = $"uid {uid} holds {mine} of its {PerUid} {Resource}";
                return false;
            }

            long cap = root ? Total : Total - ReservedForRoot;
            if (_inUse + amount > cap)
            {
                refusal = root ? $"all {Total} {Resource} are in use" : $"all {cap} {Resource} open to users other than root are in use";
                return false;
            }

            _used[uid] = mine + amount;
            _inUse += amount;
            refusal = "";
            return true;
        }
    }

    /// <summary>Gives back what <see cref="TryTake"/> took.</summary>
    public void Give(uint uid, long amount)
    {
        if (amount == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (!_used.TryGetValue(uid, out long mine))
            {
                return;
            }

            long left = mine - amount;
            if (left <= 0)
            {
                _used.Remove(uid);
            }
            else
            {
                _used[uid] = left;
            }

            _inUse -= Math.Min(mine, amount);
        }
    }
}
