using CgManager.Client;
using CgManager.Contract;
using CgManager.Core.Errors;
using CgManager.Daemon.Proxy;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Compat;

/// <summary>
/// What the proxy's handlers share (spec §7.4): the host daemon upstream, and the one place an error becomes
/// the proxy's D-Bus error and is logged: the host's refusals are relayed with their message as InvalidArgs,
/// the proxy's own (a bad id argument) are named as the daemon names them.
/// </summary>
internal sealed class ProxyEdge(Upstream upstream)
{
    public Upstream Upstream { get; } = upstream;

    public static string LogName(string method) => "proxy: " + method;

    public static DBusErrorException Refuse(string method, object who, CgManagerException e)
    {
        RequestLog.Refused(LogName(method), who, e.ErrorName, e.Message);
        return new DBusErrorException(ErrorTable.InvalidArgs, e.Message);
    }

    public static DBusErrorException Refuse(string method, object who, CgException e)
    {
        RequestLog.Refused(LogName(method), who, e);
        return new DBusErrorException(ErrorTable.Compat.NameOf(e.Kind), e.Message);
    }
}
