using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.DBus;

namespace CgManager.Daemon.Modern;

/// <summary>
/// WatchPressure's a{sv} trigger: resource (s: cpu, memory, io), kind (s: some, full; default some), threshold_us (u)
/// and window_us (u, default 1000000). Unknown names are refused, so a typo is never silently ignored.
/// </summary>
internal static class PressureOptions
{
    public static PressureSpec Read(ref MessageReader reader)
    {
        string? resource = null;
        string kind = "some";
        uint? threshold = null;
        uint window = 1_000_000;
        foreach (var (name, value) in reader.ReadVariantDictionary())
        {
            switch (name)
            {
                case "resource":
                    resource = value.Value as string ?? throw Wrong(name, value, "s");
                    break;
                case "kind":
                    kind = value.Value as string ?? throw Wrong(name, value, "s");
                    break;
                case "threshold_us":
                    threshold = Micros(name, value);
                    break;
                case "window_us":
                    window = Micros(name, value);
                    break;
                default:
                    throw new CgException(CgErrorKind.InvalidArgument, $"unknown WatchPressure option '{name}' (known: resource, kind, threshold_us, window_us)");
            }
        }

        return new PressureSpec(
            resource ?? throw new CgException(CgErrorKind.InvalidArgument, "WatchPressure needs a resource (cpu, memory or io)"),
            kind,
            threshold ?? throw new CgException(CgErrorKind.InvalidArgument, "WatchPressure needs threshold_us"),
            window);
    }

    /// <summary>Microseconds as u (or a non-negative i or t, as some clients' integer literals arrive).</summary>
    private static uint Micros(string name, DBusVariant value) => value.Value switch
    {
        uint u => u,
        int i when i >= 0 => (uint)i,
        ulong t when t <= uint.MaxValue => (uint)t,
        _ => throw Wrong(name, value, "u"),
    };

    private static CgException Wrong(string name, DBusVariant value, string expected) =>
        new(CgErrorKind.InvalidArgument, $"WatchPressure option '{name}' must be '{expected}', not '{value.Signature}'");
}
