using CgManager.Contract;
using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.Daemon.Scm;
using CgManager.DBus;
using CgManager.DBus.Server;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Compat;

/// <summary>
/// What the daemon's compat handlers share: the operations, the callers built from kernel facts, the one
/// place a domain error becomes a D-Bus error (InvalidArgs with the precise message, spec §1.5) and is
/// logged, and the Scm exchange (spec §4): the D-Bus call only hands over the side channel and gets the
/// first kick; the requestor (and the subject) then arrive as kernel credentials on it, and the result
/// goes back on it. Each exchange runs on its own small thread with a deadline, so a client that
/// abandons it costs nothing afterwards.
/// </summary>
internal sealed class CompatEdge(CgroupService service, CallerFactory callers)
{
    private const int ExchangeThreadStack = 128 * 1024;

    /// <summary>What one exchange does once it has its caller and second credential; throws CgException to fail.</summary>
    public delegate void Work(Caller caller, PeerCredentials second, ScmSideChannel channel);

    public CgroupService Service { get; } = service;

    public CallerFactory Callers { get; } = callers;

    /// <summary>Logs the refusal and makes the error reply.</summary>
    public static DBusErrorException Refuse(string method, object who, CgException e)
    {
        RequestLog.Refused(method, who, e);
        return new DBusErrorException(ErrorTable.Compat.NameOf(e.Kind), e.Message);
    }

    /// <summary>Opens the side channel and runs the exchange on its own thread; the D-Bus call returns at once.</summary>
    public void StartExchange(string method, int credentials, byte[] failure, MethodContext context, int fdIndex, Work work)
    {
        var channel = ScmSideChannel.Open(context, fdIndex);
        var thread = new Thread(() => Run(method, credentials, failure, context, channel, work), ExchangeThreadStack)
        {
            IsBackground = true,
            Name = "scm",
        };
        try
        {
            thread.Start();
        }
        catch (OutOfMemoryException)
        {
            channel.Dispose();
            throw new DBusErrorException(DBusErrorNames.LimitsExceeded, "cannot start the Scm exchange");
        }
    }

    private void Run(string method, int credentials, byte[] failure, MethodContext context, ScmSideChannel channel, Work work)
    {
        using (channel)
        {
            if (channel.ReadCredential() is not { } requestor)
            {
                Log.Debug($"{method} from {context.Peer}: no credential before the deadline; exchange dropped");
                Metrics.ScmOutcomes.CountDropped();
                return;
            }

            var second = requestor;
            if (credentials == 2)
            {
                if (!channel.Send([Contract.Scm.ScmEncoding.Kick]) || channel.ReadCredential() is not { } victim)
                {
                    Log.Debug($"{method} from {context.Peer}: no second credential before the deadline; exchange dropped");
                    Metrics.ScmOutcomes.CountDropped();
                    return;
                }

                second = victim;
            }

            Caller? caller = null;
            try
            {
                caller = Callers.Scm(context, requestor);
                work(caller, second, channel);
                RequestLog.Answered(method, caller);
                Metrics.ScmOutcomes.CountAnswered();
            }
            catch (CgException e)
            {
                // the side channel carries no text: the refusal is logged, the client reads the failure datagram
                RequestLog.Refused(method, (object?)caller ?? requestor, e);
                Metrics.ScmOutcomes.CountRefused();
                channel.Send(failure);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.Error($"{method} from {requestor}: internal error: {e}");
                Metrics.ScmOutcomes.CountRefused();
                channel.Send(failure);
            }
        }
    }
}
