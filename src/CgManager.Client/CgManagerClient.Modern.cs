using System.Globalization;
using System.Threading.Channels;
using CgManager.Contract;
using CgManager.DBus;

namespace CgManager.Client;

// org.linuxcontainers.cgmanager.Manager1, the modern interface beside the compat one (on the same object
// and socket; docs/org.linuxcontainers.cgmanager.Manager1.xml). A cgroup is one name across the hierarchies,
// relative to the caller's own; keys are version-neutral (docs/keys.md) or raw file names. These calls
// have no Scm form: the daemon translates pids and ids itself, so they go out plain whatever UsesScm says.
public sealed partial class CgManagerClient
{
    /// <summary>The D-Bus interface of the modern API.</summary>
    public const string ModernInterfaceName = Manager1Api.Name;

    /// <summary>Writes several values at once, all or nothing: on a failure the daemon restores what it had written.</summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="values">Keys (e.g. <c>memory.limit</c>, <c>cpu.weight</c>) and values (<c>256M</c>, <c>200</c>, <c>max</c>), written in enumeration order.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>A task that completes when every value is written.</returns>
    public Task SetValuesAsync(string cgroup, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        return CallAsync(Manager1Api.SetValues, w =>
        {
            w.WriteString(cgroup);
            int array = w.WriteArrayStart('{');
            foreach (var (key, value) in values)
            {
                w.WriteStructStart();
                w.WriteString(key);
                w.WriteVariant("s", value);
            }

            w.WriteArrayEnd(array);
        }, cancellationToken);
    }

    /// <summary>Reads several values; numbers come back in decimal, "no limit" as <c>max</c>.</summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="keys">Version-neutral keys or raw file names.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The values by key, in the daemon's order (that of <paramref name="keys"/>).</returns>
    public async Task<IReadOnlyDictionary<string, string>> GetValuesAsync(string cgroup, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var pairs = await CallAsync(Manager1Api.GetValues, w =>
        {
            w.WriteString(cgroup);
            w.WriteStringArray(keys);
        }, ReadValues, cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>Freezes every task of the cgroup and its descendants; returns once the kernel reports them frozen.</summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>A task that completes when the cgroup is frozen.</returns>
    public Task FreezeAsync(string cgroup, CancellationToken cancellationToken = default) =>
        CallAsync(Manager1Api.Freeze, w => w.WriteString(cgroup), cancellationToken);

    /// <summary>Thaws a frozen cgroup; returns once the kernel reports it thawed.</summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>A task that completes when the cgroup is thawed.</returns>
    public Task ThawAsync(string cgroup, CancellationToken cancellationToken = default) =>
        CallAsync(Manager1Api.Thaw, w => w.WriteString(cgroup), cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to every task of the cgroup and its descendants.</summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="signal">The signal number (15 = SIGTERM, 9 = SIGKILL).</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>How many tasks were signalled.</returns>
    public Task<int> KillAsync(string cgroup, int signal, CancellationToken cancellationToken = default) =>
        CallAsync(Manager1Api.Kill, w => { w.WriteString(cgroup); w.WriteInt32(signal); },
            static (ref MessageReader r) => r.ReadInt32(), cancellationToken);

    /// <summary>
    /// Watches a cgroup: asks the daemon for <paramref name="events"/> (<c>populated</c>, <c>frozen</c>,
    /// <c>oom_kill</c>, <c>max</c>) and, once it has agreed, returns the watch, whose
    /// <see cref="CgroupWatch.ReadAllAsync"/> yields each change the daemon reports. Disposing the watch
    /// drops it (Unwatch). The daemon samples, so a change undone within its interval may go unseen.
    /// </summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="events">The events to report.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The watch, in place.</returns>
    /// <exception cref="CgManagerException">Watch was refused (unknown event, no such cgroup, permission).</exception>
    public Task<CgroupWatch> WatchAsync(string cgroup, IReadOnlyList<string> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        ArgumentNullException.ThrowIfNull(events);
        return SubscribeAsync(cgroup, events, Manager1Api.Watch, w =>
        {
            w.WriteString(cgroup);
            w.WriteStringArray(events);
        }, cancellationToken);
    }

    /// <summary>
    /// Watches a cgroup's pressure (cgroup v2 PSI): the kernel reports each time the tasks of the cgroup stall on
    /// <paramref name="resource"/> for more than <paramref name="thresholdUs"/> within a <paramref name="windowUs"/>
    /// window, and the watch yields an event <c>pressure</c> with the value <c>"RESOURCE KIND"</c>. Disposing it drops it.
    /// </summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="resource"><c>cpu</c>, <c>memory</c> or <c>io</c>.</param>
    /// <param name="kind"><c>some</c> (some tasks stalled) or <c>full</c> (all of them).</param>
    /// <param name="thresholdUs">Stall time within a window that fires the trigger.</param>
    /// <param name="windowUs">The window, 0.5 s to 10 s (whole 2 s steps unless the caller is host root).</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The watch, in place.</returns>
    /// <exception cref="CgManagerException">Refused (no v2 hierarchy, bad trigger, permission, limits).</exception>
    public Task<CgroupWatch> WatchPressureAsync(string cgroup, string resource, string kind, uint thresholdUs, uint windowUs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        return SubscribeAsync(cgroup, ["pressure"], Manager1Api.WatchPressure, w =>
        {
            w.WriteString(cgroup);
            w.WriteVariantDictionary(
            [
                new("resource", new DBusVariant("s", resource)),
                new("kind", new DBusVariant("s", kind)),
                new("threshold_us", new DBusVariant("u", thresholdUs)),
                new("window_us", new DBusVariant("u", windowUs)),
            ]);
        }, cancellationToken);
    }

    private async Task<CgroupWatch> SubscribeAsync(string cgroup, IReadOnlyList<string> events, WireMethod call, Action<MessageWriter> writeArgs,
        CancellationToken cancellationToken)
    {
        var wanted = events.ToHashSet(StringComparer.Ordinal);
        var queue = Channel.CreateUnbounded<CgroupEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // subscribed before the call is sent, so an event right after the reply is not missed
        var subscription = _connection.SubscribeSignals(
            message =>
            {
                if (message.Interface == ModernInterfaceName && message.Member == Manager1Api.EventSignal && TryReadEvent(message) is { } e
                    && e.Cgroup == cgroup && wanted.Contains(e.Event))
                {
                    queue.Writer.TryWrite(e);
                }
            },
            reason => queue.Writer.TryComplete(reason));
        try
        {
            await CallAsync(call, writeArgs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return new CgroupWatch(cgroup, queue.Reader, async () =>
        {
            subscription.Dispose();
            queue.Writer.TryComplete();
            await UnwatchQuietlyAsync(cgroup).ConfigureAwait(false);
        });
    }

    private async Task UnwatchQuietlyAsync(string cgroup)
    {
        using var deadline = new CancellationTokenSource(_options.HandshakeTimeout);
        try
        {
            await CallAsync(Manager1Api.Unwatch, w => w.WriteString(cgroup), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CgManagerException or OperationCanceledException)
        {
            // the watch goes with the connection anyway
        }
    }

    private static CgroupEvent? TryReadEvent(Message message)
    {
        if (message.Signature != "ssv")
        {
            return null;
        }

        try
        {
            var reader = message.GetBodyReader();
            string cgroup = reader.ReadString(), name = reader.ReadString();
            return new CgroupEvent(cgroup, name, ValueText(reader.ReadVariant()));
        }
        catch (ProtocolException)
        {
            return null;
        }
    }

    private static string ValueText(DBusVariant variant) => variant.Value switch
    {
        bool b => b ? "true" : "false",
        string s => s,
        DBusArray { ElementSignature: "{sv}" } record => RecordText(Record(record)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <summary>A record as the daemon's text form: "name value" lines, nested records as "name a=1 b=2".</summary>
    private static string RecordText(IReadOnlyDictionary<string, object> record) =>
        string.Join('\n', record.Select(f => f.Value is IReadOnlyDictionary<string, object> nested
            ? f.Key + " " + string.Join(' ', nested.Select(g => g.Key + "=" + Plain(g.Value)))
            : f.Key + " " + Plain(f.Value)));

    private static string Plain(object value) => value switch
    {
        double d => d.ToString("0.00", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object> nested => string.Join(' ', nested.Select(g => g.Key + "=" + Plain(g.Value))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<KeyValuePair<string, string>> ReadValues(ref MessageReader r)
    {
        var items = new List<KeyValuePair<string, string>>();
        int end = r.ReadArrayStart('{');
        while (r.HasNext(end))
        {
            r.AlignStruct();
            string key = r.ReadString();
            items.Add(new(key, ValueText(r.ReadVariant())));
        }

        return items;
    }
}
