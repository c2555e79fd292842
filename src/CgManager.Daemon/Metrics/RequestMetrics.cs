using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// Requests counted by interface, method and outcome, with a latency histogram per method: fed by the
/// dispatcher for every call. Labels come from closed sets (the contract's methods, the error names this
/// daemon replies with), never from what a client sends, so a client cannot grow the metrics without bound.
/// </summary>
internal sealed class RequestMetrics
{
    public const string Other = "other";

    private static readonly FrozenDictionary<string, FrozenSet<string>> KnownMethods = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        [CompatApi.Name] = CompatApi.Methods.Select(m => m.Name).ToFrozenSet(StringComparer.Ordinal),
        [Manager1Api.Name] = Manager1Api.Methods.Select(m => m.Name).ToFrozenSet(StringComparer.Ordinal),
        [Bus.PropertiesInterface] = new[] { "Get", "GetAll", "Set" }.ToFrozenSet(StringComparer.Ordinal),
        [Dispatcher.IntrospectableInterface] = new[] { "Introspect" }.ToFrozenSet(StringComparer.Ordinal),
        [Dispatcher.PeerInterface] = new[] { "Ping", "GetMachineId" }.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Interface, string Method, string Outcome), StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<(string Interface, string Method), Histogram> _latency = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _refusals = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<(string Interface, string Method, string Outcome), StrongBox<long>>> Requests => _requests;

    public IEnumerable<KeyValuePair<(string Interface, string Method), Histogram>> Latency => _latency;

    public IEnumerable<KeyValuePair<string, StrongBox<long>>> Refusals => _refusals;

    public void Record(Message call, Message? reply, long ticks)
    {
        var (iface, method) = Label(call);
        string outcome = reply is { Type: MessageType.Error } error ? Outcome(iface, error) : "ok";
        Interlocked.Increment(ref _requests.GetOrAdd((iface, method, outcome), static _ => new StrongBox<long>()).Value);
        if (outcome != "ok")
        {
            Interlocked.Increment(ref _refusals.GetOrAdd(outcome, static _ => new StrongBox<long>()).Value);
        }

        _latency.GetOrAdd((iface, method), static _ => new Histogram()).Observe(ticks);
    }

    private static (string Interface, string Method) Label(Message call)
    {
        string iface = call.Interface ?? "";
        if (!KnownMethods.TryGetValue(iface, out var methods))
        {
            return (Other, Other);
        }

        string member = call.Member ?? "";
        return (iface, methods.Contains(member) ? member : Other);
    }

    /// <summary>The refusal's reason as the contract names it (PermissionDenied, NoSuchCgroup...), else the D-Bus error's own name.</summary>
    private static string Outcome(string iface, Message error)
    {
        string name = error.ErrorName ?? "";
        var table = iface == Manager1Api.Name ? ErrorTable.Manager1 : iface == CompatApi.Name ? ErrorTable.Compat : null;
        if (table is not null && error.Signature.StartsWith('s'))
        {
            var reader = error.GetBodyReader();
            if (table.KindOf(name, reader.ReadString()) is { } kind)
            {
                return kind.ToString();
            }
        }

        int dot = name.LastIndexOf('.');
        return dot >= 0 && dot < name.Length - 1 ? name[(dot + 1)..] : "Error";
    }
}
