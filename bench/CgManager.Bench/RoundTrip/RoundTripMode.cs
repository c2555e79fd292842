namespace CgManager.Bench.RoundTrip;

/// <summary>One way of waiting on each side of the round-trip floor: the "client" sends a call and waits for the reply, the "server" waits for the call.</summary>
internal sealed record RoundTripMode(string Key, string Label, Waiting Client, Waiting Server)
{
    /// <summary>(a) the kernel's blocking round trip: two sleeps and two wake-ups per call.</summary>
    public static readonly RoundTripMode BothBlock = new("both_block", "both block", Waiting.Poll, Waiting.Block);

    /// <summary>(b) a blocking client against a server that polls 50 us first, as our daemon does.</summary>
    public static readonly RoundTripMode ServerSpins = new("server_spins", "server polls 50 us", Waiting.Poll, Waiting.SpinThenBlock);

    /// <summary>(c) neither side ever sleeps.</summary>
    public static readonly RoundTripMode BothPoll = new("both_poll", "both poll", Waiting.Spin, Waiting.Spin);

    public static readonly RoundTripMode[] All = [BothBlock, ServerSpins, BothPoll];

    public string Kind => "rtt-" + Key;
}
