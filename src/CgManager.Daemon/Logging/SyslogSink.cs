using System.Globalization;
using System.Text;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Logging;

/// <summary>
/// Lines as RFC 3164 datagrams to /dev/log (facility daemon), for --daemon where stderr is
/// /dev/null. No libc syslog(3): one datagram per line from a fresh socket, so a restarted
/// syslog daemon is picked up; a line that cannot be sent is dropped, never fatal.
/// </summary>
internal sealed class SyslogSink(LogFormat format, string address = SyslogSink.DefaultAddress) : LogSink(format)
{
    public const string DefaultAddress = "/dev/log";
    private const int FacilityDaemon = 3;

    public string Address { get; } = address;

    public override void Write(LogLevel level, string text)
    {
        string body = LogLine.Format(Format, level, text, withName: false, DateTimeOffset.Now);
        try
        {
            UnixSocket.SendDatagram(Address, Encoding.UTF8.GetBytes(Frame(level, body, DateTime.Now, Environment.ProcessId)));
        }
        catch (LinuxException)
        {
            // No syslog daemon listening: there is nowhere else to say so.
        }
    }

    /// <summary>"&lt;PRI&gt;Mmm dd hh:mm:ss cgmanager[PID]: body", the day padded with a space (RFC 3164 §4.1.2).</summary>
    public static string Frame(LogLevel level, string body, DateTime localTime, int pid)
    {
        int priority = (FacilityDaemon * 8) + Severity(level);
        string stamp = localTime.ToString("MMM", CultureInfo.InvariantCulture) + " " +
            localTime.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + " " +
            localTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return $"<{priority.ToString(CultureInfo.InvariantCulture)}>{stamp} cgmanager[{pid.ToString(CultureInfo.InvariantCulture)}]: {body}";
    }
}
