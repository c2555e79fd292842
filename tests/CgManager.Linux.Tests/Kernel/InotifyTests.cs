namespace CgManager.Linux.Tests.Kernel;

public sealed class InotifyTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void A_watch_by_path_reports_a_file_modification()
    {
        File.WriteAllText(_tmp["cgroup.events"], "populated 1\n");
        using Inotify inotify = Inotify.Create(nonBlocking: true);
        FdAssert.IsCloseOnExec(inotify.Fd);
        int wd = inotify.AddWatch(_tmp["cgroup.events"], InotifyMask.IN_MODIFY);

        Assert.Empty(inotify.ReadEvents());
        File.WriteAllText(_tmp["cgroup.events"], "populated 0\n");

        InotifyEvent e = inotify.ReadEvents().First(x => x.Mask.HasFlag(InotifyMask.IN_MODIFY));
        Assert.Equal(wd, e.WatchDescriptor);
        Assert.Null(e.Name);
    }

    [Fact]
    public void A_watch_through_an_fd_opened_beneath_reports_events_with_names()
    {
        Directory.CreateDirectory(_tmp["cg"]);
        using SafeFd dir = _tmp.OpenPath();
        using SafeFd cg = Sys.OpenBeneath(dir, "cg", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        using Inotify inotify = Inotify.Create(nonBlocking: true);
        int wd = inotify.AddWatch(cg, InotifyMask.IN_CREATE | InotifyMask.IN_DELETE);

        Directory.CreateDirectory(_tmp["cg/child"]);
        Directory.Delete(_tmp["cg/child"]);

        IReadOnlyList<InotifyEvent> events = inotify.ReadEvents();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(wd, e.WatchDescriptor));
        Assert.Equal(InotifyMask.IN_CREATE | InotifyMask.IN_ISDIR, events[0].Mask);
        Assert.Equal(InotifyMask.IN_DELETE | InotifyMask.IN_ISDIR, events[1].Mask);
        Assert.Equal("child", events[0].Name);
    }

    [Fact]
    public void Removing_a_watch_yields_IN_IGNORED()
    {
        File.WriteAllText(_tmp["f"], "");
        using Inotify inotify = Inotify.Create(nonBlocking: true);
        int wd = inotify.AddWatch(_tmp["f"], InotifyMask.IN_MODIFY);
        inotify.RemoveWatch(wd);
        InotifyEvent e = Assert.Single(inotify.ReadEvents());
        Assert.Equal(InotifyMask.IN_IGNORED, e.Mask);
        FdAssert.Fails(Errno.EINVAL, () => inotify.RemoveWatch(wd));
    }

    [Fact]
    public void Watching_a_missing_path_is_ENOENT_naming_it()
    {
        using Inotify inotify = Inotify.Create();
        LinuxException e = FdAssert.Fails(Errno.ENOENT, () => inotify.AddWatch(_tmp["missing"], InotifyMask.IN_MODIFY));
        Assert.Equal(_tmp["missing"], e.Subject);
    }

    [Fact]
    public void Event_buffers_decode_header_and_padded_name()
    {
        byte[] buffer =
        [
            1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                   // wd 1, IN_MODIFY, no name
            7, 0, 0, 0, 0, 1, 0, 0x40, 9, 0, 0, 0, 16, 0, 0, 0,               // wd 7, IN_CREATE|IN_ISDIR, cookie 9, len 16
            (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        IReadOnlyList<InotifyEvent> events = InotifyEvent.ParseAll(buffer);
        Assert.Equal(
            [new InotifyEvent(1, InotifyMask.IN_MODIFY, 0, null), new InotifyEvent(7, InotifyMask.IN_CREATE | InotifyMask.IN_ISDIR, 9, "ab")],
            events);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 }, "too few for an event header")]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 97, 0 }, "has a name of 16 bytes but only 2 follow")]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255 }, "has a name of 4294967295 bytes")]
    public void A_cut_event_buffer_is_a_FormatException(byte[] buffer, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => InotifyEvent.ParseAll(buffer));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
