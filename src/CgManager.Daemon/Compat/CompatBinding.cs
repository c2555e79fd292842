using CgManager.Contract;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Compat;

/// <summary>Reads the arguments a method's plain and Scm forms share.</summary>
internal delegate T ArgsReader<out T>(ref MessageReader reader);

/// <summary>
/// One compat method, declared once (<see cref="CompatMethods"/>): from it come the handler of its plain
/// form, of its Scm form, and the proxy's forwarding of the plain form.
/// </summary>
internal abstract class CompatBinding
{
    protected CompatBinding(WireMethod plain, WireMethod? scm)
    {
        Plain = plain;
        Scm = scm;
    }

    /// <summary>The plain form.</summary>
    public WireMethod Plain { get; }

    /// <summary>The Scm twin, if the method has one.</summary>
    public WireMethod? Scm { get; }

    /// <summary>The daemon's handler of the plain form.</summary>
    public abstract MethodHandler Serve(CompatEdge edge);

    /// <summary>The daemon's handler of the Scm form (only when <see cref="Scm"/> is set).</summary>
    public abstract MethodHandler ServeScm(CompatEdge edge);

    /// <summary>The proxy's handler of the plain form: the same call, upstream, in its Scm form.</summary>
    public abstract MethodHandler Forward(ProxyEdge edge);
}
