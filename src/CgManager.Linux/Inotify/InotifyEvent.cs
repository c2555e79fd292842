using System.Buffers.Binary;
using System.Text;

namespace CgManager.Linux;

/// <summary>One struct inotify_event. <see cref="Name"/> is null for events on the watched object itself.</summary>
public readonly record struct InotifyEvent(int WatchDescriptor, InotifyMask Mask, uint Cookie, string? Name)
{
    /// <summary>
    /// Decodes the records that one read(2) of an inotify fd returned. The kernel only hands out
    /// whole records, so a partial one means the buffer was cut and is a FormatException.
    /// </summary>
    public static IReadOnlyList<InotifyEvent> ParseAll(ReadOnlySpan<byte> buffer)
    {
        var events = new List<InotifyEvent>();
        int offset = 0;
        while (offset < buffer.Length)
        {
            ReadOnlySpan<byte> rec = buffer[offset..];
            if (rec.Length < Interop.INOTIFY_EVENT_HEADER_SIZE)
            {
                throw new FormatException($"inotify: {rec.Length} bytes at offset {offset} are too few for an event header ({Interop.INOTIFY_EVENT_HEADER_SIZE})");
            }

            int wd = BinaryPrimitives.ReadInt32LittleEndian(rec);
            uint mask = BinaryPrimitives.ReadUInt32LittleEndian(rec[4..]);
            uint cookie = BinaryPrimitives.ReadUInt32LittleEndian(rec[8..]);
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(rec[12..]);
            if (len > (uint)(rec.Length - Interop.INOTIFY_EVENT_HEADER_SIZE))
            {
                throw new FormatException($"inotify: event at offset {offset} has a name of {len} bytes but only {rec.Length - Interop.INOTIFY_EVENT_HEADER_SIZE} follow");
            }

            // The name is NUL-padded to an alignment boundary; len counts the padding.
            ReadOnlySpan<byte> nameBytes = rec.Slice(Interop.INOTIFY_EVENT_HEADER_SIZE, (int)len);
            int nul = nameBytes.IndexOf((byte)0);
            ReadOnlySpan<byte> name = nul < 0 ? nameBytes : nameBytes[..nul];
            events.Add(new InotifyEvent(wd, (InotifyMask)mask, cookie, name.IsEmpty ? null : Encoding.UTF8.GetString(name)));
            offset += Interop.INOTIFY_EVENT_HEADER_SIZE + (int)len;
        }

        return events;
    }
}
