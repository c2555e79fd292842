using System.Diagnostics;
using System.Text;
using CgManager.DBus.Auth;

namespace CgManager.DBus.Transport;

public sealed partial class DBusConnection
{
    /// <summary>
    /// Runs the server side of the handshake: the NUL byte, then SASL lines until BEGIN.
    /// The whole exchange must finish within <paramref name="deadline"/>; a stalling or
    /// misbehaving client gets an exception and is dropped. Bytes after BEGIN stay buffered.
    /// </summary>
    public void AcceptHandshake(string guid, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var sasl = new SaslServer(guid);
        // A client may send BEGIN and its first message, fds included, in one sendmsg (or the
        // message right behind BEGIN before we read it): the fds arrive with handshake bytes, so
        // they are kept from the first byte on and dropped at BEGIN only if fds were not agreed.
        _keepFdsDuringHandshake = true;
        ReadNulByte(deadline, clock);
        while (true)
        {
            string line = ReadLine(deadline, clock);
            var outcome = sasl.Process(line, out var reply);
            if (outcome == SaslOutcome.Disconnect)
            {
                throw new ProtocolException($"authentication aborted after '{Truncate(line)}'");
            }

            if (reply is not null)
            {
                _socket.SendAll(Line(reply));
            }

            if (outcome == SaslOutcome.Begin)
            {
                UnixFdsEnabled = sasl.UnixFdsNegotiated;
                _keepFdsDuringHandshake = false;
                if (!UnixFdsEnabled)
                {
                    DropPendingFds();
                }

                _socket.SetReceiveTimeout(null);
                return;
            }
        }
    }

    /// <summary>The client side: NUL, AUTH EXTERNAL with our uid, optional fd negotiation, BEGIN.</summary>
    public void Authenticate(uint uid, bool negotiateUnixFds, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        _socket.SendAll([0]);
        _socket.SendAll(Line("AUTH EXTERNAL " + SaslServer.EncodeHex(uid.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        string reply = ReadLine(deadline, clock);
        if (!reply.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new ProtocolException($"server refused authentication: {Truncate(reply)}");
        }

        if (negotiateUnixFds)
        {
            _socket.SendAll(Line("NEGOTIATE_UNIX_FD"));
            reply = ReadLine(deadline, clock);
            UnixFdsEnabled = reply == "AGREE_UNIX_FD";
        }

        _socket.SendAll(Line("BEGIN"));
        _socket.SetReceiveTimeout(null);
    }

    private void ReadNulByte(TimeSpan deadline, Stopwatch clock)
    {
        while (_end == _start)
        {
            FillBefore(deadline, clock);
        }

        if (_buffer[_start] != 0)
        {
            throw new ProtocolException($"expected a NUL byte before authentication, got 0x{_buffer[_start]:x2}");
        }

        _start++;
    }

    private string ReadLine(TimeSpan deadline, Stopwatch clock)
    {
        int searched = 0;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int newline = pending[searched..].IndexOf("\r\n"u8);
            if (newline >= 0)
            {
                int length = searched + newline;
                var text = Encoding.ASCII.GetString(pending[..length]);
                _start += length + 2;
                foreach (char c in text)
                {
                    if (c < 0x20 || c > 0x7e)
                    {
                        throw new ProtocolException("authentication line contains a byte that is not printable ASCII");
                    }
                }

                return text;
            }

            searched = Math.Max(0, pending.Length - 1);
            if (pending.Length > SaslServer.MaxLineLength)
            {
                throw new ProtocolException($"authentication line longer than {SaslServer.MaxLineLength} bytes");
            }

            FillBefore(deadline, clock);
        }
    }

    private void FillBefore(TimeSpan deadline, Stopwatch clock)
    {
        var left = deadline - clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw new TimeoutException($"authentication not finished within {deadline.TotalSeconds:0.#} s");
        }

        _socket.SetReceiveTimeout(left);
        if (!Fill())
        {
            throw new ProtocolException("connection closed during authentication");
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
