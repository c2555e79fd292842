namespace CgManager.DBus;

/// <summary>
/// Writes a little-endian D-Bus body (alignment relative to the body start).
/// Reusable: <see cref="Reset"/> keeps the buffer.
/// </summary>
public sealed partial class MessageWriter
{
    private const int InitialCapacity = 256;

    private byte[] _buffer;
    private int _length;

    public MessageWriter() => _buffer = new byte[InitialCapacity];

    /// <summary>The bytes written so far; they live in the writer's buffer, so copy them before <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    internal ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public void Reset() => _length = 0;

    /// <summary>Appends <paramref name="count"/> bytes for the caller to fill.</summary>
    private Span<byte> Append(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Pads with zero bytes to <paramref name="alignment"/>; cleared explicitly because the buffer is reused.</summary>
    private void PadTo(int alignment)
    {
        int padding = -_length & (alignment - 1);
        if (padding != 0)
        {
            Append(padding).Clear();
        }
    }

    private void Grow(int needed)
    {
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + needed);
        if (wanted > Array.MaxLength)
        {
            wanted = (long)_length + needed;
            if (wanted > Array.MaxLength)
            {
                throw new InvalidOperationException($"a D-Bus message cannot grow to {wanted} bytes");
            }
        }

        Array.Resize(ref _buffer, (int)wanted);
    }
}
