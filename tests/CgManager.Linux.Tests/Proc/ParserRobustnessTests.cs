using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

/// <summary>
/// The parsers read text that a hostile process can influence (its own cgroup names, mount
/// points in its namespace), so whatever the bytes, the only failure allowed is FormatException.
/// </summary>
public class ParserRobustnessTests
{
    private const int Iterations = 3000;

    private static readonly string[] Alphabet = [":", ",", "/", "-", " ", "\t", "\n", "\\", "\\040", "0", "9", "#", "x", "", "4294967296", "-1"];

    public static TheoryData<string> Parsers => new() { "status", "cgroup", "mountinfo", "cgroups" };

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Mutated_kernel_text_fails_only_with_FormatException(string parser)
    {
        string seed = parser switch
        {
            "status" => "Name:\tcat\nTgid:\t4568\nPid:\t4568\nPPid:\t4566\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t4568\nNSpid:\t4568\n",
            "cgroup" => "9:name=systemd:/\n4:memory:/a:b\n0::/\n",
            "mountinfo" => "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n41 31 0:38 /x\\040y /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n",
            _ => "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\nmemory\t4\t46\t1\n",
        };
        Func<string, object> parse = parser switch
        {
            "status" => t => ProcStatus.Parse(t),
            "cgroup" => t => CgroupMembership.ParseAll(t),
            "mountinfo" => t => MountInfoEntry.ParseAll(t),
            _ => t => ProcCgroupsEntry.ParseAll(t),
        };

        var random = new Random(parser.Length * 7919);
        for (int i = 0; i < Iterations; i++)
        {
            string text = Mutate(seed, random);
            try
            {
                parse(text);
            }
            catch (FormatException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{parser}: {e.GetType().Name} for input \"{text}\": {e}");
            }
        }
    }

    private static string Mutate(string seed, Random random)
    {
        string s = seed;
        int edits = random.Next(1, 4);
        for (int k = 0; k < edits; k++)
        {
            int at = random.Next(0, s.Length + 1);
            s = random.Next(3) switch
            {
                0 => s[..at] + Alphabet[random.Next(Alphabet.Length)] + s[at..],
                1 when at < s.Length => s.Remove(at, Math.Min(random.Next(1, 6), s.Length - at)),
                _ => s[..at],
            };
        }

        return s;
    }
}
