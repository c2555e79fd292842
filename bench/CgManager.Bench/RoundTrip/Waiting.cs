namespace CgManager.Bench.RoundTrip;

/// <summary>How one side of a round-trip pair waits for the other's message.</summary>
internal enum Waiting
{
    /// <summary>recvmsg blocks: the thread sleeps until the data is there.</summary>
    Block,

    /// <summary>poll(POLLIN) blocks, then recvmsg takes the data (libdbus and sd-bus wait so for a reply).</summary>
    Poll,

    /// <summary>recvmsg MSG_DONTWAIT and sched_yield for up to 50 us, then Block (the daemon's wait for a call).</summary>
    SpinThenBlock,

    /// <summary>recvmsg MSG_DONTWAIT and sched_yield until the data is there: never sleeps.</summary>
    Spin,
}
