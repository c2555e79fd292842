using System.Buffers.Binary;

namespace CgManager.DBus.Tests.Fuzzing;

/// <summary>Seeded, repeatable damage to a message: bit flips, byte and word overwrites, cuts, inserts.</summary>
internal static class Mutator
{
    private static readonly byte[] InterestingBytes =
        [0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff, (byte)'a', (byte)'v', (byte)'(', (byte)')', (byte)'{', (byte)'}', (byte)'l', (byte)'B', (byte)'/'];

    private static readonly uint[] InterestingWords =
        [0, 1, 2, 3, 4, 7, 8, 0xff, 0x100, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fffc, 0x0400_0000, 0x0400_0001, 0x0800_0000];

    public static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int steps = random.Next(4) == 0 ? random.Next(2, 6) : 1;
        for (int step = 0; step < steps && bytes.Count > 0; step++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 3:
                    OverwriteWord(bytes, at & ~3, InterestingWords[random.Next(InterestingWords.Length)], random.Next(2) == 0);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        byte[] result = [.. bytes];
        if (random.Next(2) == 0)
        {
            FixBodyLength(result);
        }

        return result;
    }

    /// <summary>Rewrites the body length so the framing agrees with the bytes, letting damage reach the deeper checks.</summary>
    public static void FixBodyLength(byte[] bytes)
    {
        if (bytes.Length < 16 || bytes[0] is not (byte)'l' and not (byte)'B')
        {
            return;
        }

        bool bigEndian = bytes[0] == (byte)'B';
        uint fields = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        long bodyStart = 16L + fields + (-(long)fields & 7);
        if (bodyStart > bytes.Length)
        {
            return;
        }

        uint bodyLength = (uint)(bytes.Length - bodyStart);
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), bodyLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), bodyLength);
        }
    }

    private static void OverwriteWord(List<byte> bytes, int at, uint value, bool bigEndian)
    {
        Span<byte> word = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        }

        for (int i = 0; i < 4 && at + i < bytes.Count; i++)
        {
            bytes[at + i] = word[i];
        }
    }
}
