using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Linux;

public class IdMapTests
{
    [Theory]
    [InlineData("         0          0 4294967295\n")]
    [InlineData("0 0 4294967295")]
    public void The_initial_namespace_map_is_identity(string text)
    {
        IdMap map = IdMap.Parse(text);
        Assert.True(map.IsIdentity);
        Assert.True(map.TryMapToInside(1000, out uint inside));
        Assert.Equal(1000u, inside);
    }

    [Theory]
    [InlineData("0 100000 65536\n")]
    [InlineData("0 0 1000\n")]
    [InlineData("")]
    public void Other_maps_are_not_identity(string text) => Assert.False(IdMap.Parse(text).IsIdentity);

    [Theory]
    // single line: host 100000..165535 is container 0..65535
    [InlineData("0 100000 65536", 100000u, true, 0u)]
    [InlineData("0 100000 65536", 165535u, true, 65535u)]
    [InlineData("0 100000 65536", 165536u, false, 0u)]
    [InlineData("0 100000 65536", 99999u, false, 0u)]
    [InlineData("0 100000 65536", 0u, false, 0u)]
    // several lines: root is 1000, the rest a subordinate range
    [InlineData("0 1000 1\n1 200000 65535\n", 1000u, true, 0u)]
    [InlineData("0 1000 1\n1 200000 65535\n", 200000u, true, 1u)]
    [InlineData("0 1000 1\n1 200000 65535\n", 265534u, true, 65535u)]
    [InlineData("0 1000 1\n1 200000 65535\n", 1001u, false, 0u)]
    // the overflow id is never mapped, not even by the identity map
    [InlineData("0 0 4294967295", 4294967295u, false, 0u)]
    // an empty map maps nothing
    [InlineData("", 0u, false, 0u)]
    public void Host_ids_map_inside_only_within_a_range(string text, uint hostId, bool mapped, uint expected)
    {
        IdMap map = IdMap.Parse(text);
        Assert.Equal(mapped, map.TryMapToInside(hostId, out uint inside));
        Assert.Equal(expected, inside);
    }

    [Theory]
    [InlineData("0 100000 65536", 0u, true, 100000u)]
    [InlineData("0 100000 65536", 65535u, true, 165535u)]
    [InlineData("0 100000 65536", 65536u, false, 0u)]
    [InlineData("0 1000 1\n1 200000 65535\n", 1u, true, 200000u)]
    [InlineData("0 1000 1\n1 200000 65535\n", 65536u, false, 0u)]
    public void Inside_ids_map_to_the_host_only_within_a_range(string text, uint insideId, bool mapped, uint expected)
    {
        IdMap map = IdMap.Parse(text);
        Assert.Equal(mapped, map.TryMapToOutside(insideId, out uint host));
        Assert.Equal(expected, host);
    }

    [Theory]
    [InlineData("1 1 4294967295", "wraps")]            // inside range reaches 2^32
    [InlineData("0 1 4294967295", "wraps")]            // outside range reaches 2^32
    [InlineData("4294967295 0 1", "wraps")]            // ends exactly at 2^32: the kernel refuses it too
    [InlineData("0 4294967000 1000", "wraps")]
    [InlineData("0 0 0", "count is 0")]
    [InlineData("0 0", "expected")]
    [InlineData("0 0 1 1", "expected")]
    [InlineData("a 0 1", "not an unsigned decimal")]
    [InlineData("-1 0 1", "not an unsigned decimal")]
    [InlineData("+1 0 1", "not an unsigned decimal")]
    [InlineData("4294967296 0 1", "does not fit")]
    [InlineData("0 100 10\n5 200 10", "inside range overlaps line 1")]
    [InlineData("0 100 10\n20 105 10", "outside range overlaps line 1")]
    [InlineData("0 0 1\n\n1 1 1", "expected")]
    public void Malformed_or_wrapping_maps_are_rejected(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => IdMap.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(340, true)]
    [InlineData(341, false)]
    public void A_map_may_have_at_most_340_lines(int lines, bool accepted)
    {
        string text = string.Concat(Enumerable.Range(0, lines).Select(i => $"{i} {1000 + i} 1\n"));
        if (accepted)
        {
            Assert.Equal(lines, IdMap.Parse(text).Ranges.Count);
        }
        else
        {
            Assert.Contains("at most 340", Assert.Throws<FormatException>(() => IdMap.Parse(text)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_hand_built_wrapping_range_never_matches()
    {
        var map = new IdMap([new IdMapRange(10, 4294967290, 100)]);
        Assert.False(map.TryMapToInside(4294967291, out _));
        Assert.False(map.TryMapToOutside(11, out _));
    }
}
