using CgManager.DBus.Tests.Messages;
using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Fuzzing;

/// <summary>
/// Whatever a peer sends, parsing ends in a message or a ProtocolException: never an
/// IndexOutOfRange, Overflow or Argument exception that would take the connection loop down.
/// </summary>
public class MutationTests
{
    // CODEC_FUZZ_MUTATIONS=200000 for a long local run; the default keeps the suite fast.
    private static readonly int MutationsPerMessage =
        int.TryParse(Environment.GetEnvironmentVariable("CODEC_FUZZ_MUTATIONS"), out int n) && n > 0 ? n : 4000;

    public static TheoryData<string> Names => [.. Samples.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_damaged_message_parses_or_raises_ProtocolException(string name)
    {
        byte[] original = Samples.Load(name);
        var random = new Random(Samples.StableSeed(name));
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < MutationsPerMessage; i++)
        {
            byte[] mutated = Mutator.Mutate(original, random);
            if (ParsesOrRejectsCleanly(mutated, $"{name} mutation {i}"))
            {
                parsed++;
            }
            else
            {
                rejected++;
            }
        }

        // Both outcomes must occur, or the mutations are not reaching the parser's decisions.
        Assert.True(parsed > 0, $"no mutation of {name} parsed");
        Assert.True(rejected > MutationsPerMessage / 2, $"only {rejected} mutations of {name} were rejected");
    }

    [Fact]
    public void Random_bytes_read_with_any_signature_give_values_or_ProtocolException()
    {
        string[] signatures = ["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g", "h", "v", "as", "ay", "a{sv}", "(ix)", "aai", "a(yv)", "av", "a{oa{sv}}"];
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] data = new byte[random.Next(0, 48)];
            for (int j = 0; j < data.Length; j++)
            {
                // Mostly small values, so lengths are often plausible and reading goes deep.
                data[j] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)random.Next(4);
            }

            string signature = signatures[random.Next(signatures.Length)];
            bool bigEndian = random.Next(2) == 0;
            try
            {
                new MessageReader(data, bigEndian, unixFdCount: 2).ReadValue(signature);
            }
            catch (ProtocolException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"reading '{signature}' from {Hex.Format(data)} (big-endian {bigEndian}) threw {e}");
            }
        }
    }

    /// <summary>True if parsed; false if rejected with ProtocolException; fails the test on anything else.</summary>
    private static bool ParsesOrRejectsCleanly(byte[] bytes, string what)
    {
        Message message;
        try
        {
            message = Message.Parse(bytes, []);
        }
        catch (ProtocolException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: empty error message");
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: Parse threw {e.GetType().Name} for {Hex.Format(bytes)}\n{e}");
            throw;
        }

        using (message)
        {
            try
            {
                // A message Parse accepted must read back completely with the generic reader.
                GoldenMessageTests.ReadAll(message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: parsed, but reading its body threw {e.GetType().Name} for {Hex.Format(bytes)}\n{e}");
            }
        }

        return true;
    }
}
