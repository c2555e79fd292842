using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>The init files of contrib/init and make install/uninstall (issue 15), checked on this host without changing it.</summary>
public sealed class InitFileTests
{
    private static readonly string[] Units = ["cgmanager.service", "cgmanager.socket", "cgproxy.service"];

    /// <summary>make install-files into a fresh folder (never the host's /etc), with the published binaries.</summary>
    private static ToolResult Make(string target, params string[] variables) =>
        Tool.Run("make", ["-s", "-C", Repo.Root, target, "BIN=" + Path.GetDirectoryName(Repo.DaemonBinary)!, .. variables], TimeSpan.FromSeconds(60));

    [Fact]
    public void Systemd_analyze_verify_passes_on_the_installed_units()
    {
        string prefix = ServiceProcess.NewFolder();
        try
        {
            // PREFIX without DESTDIR: ExecStart= names the installed binary, which verify checks exists.
            var install = Make("install-files", "PREFIX=" + prefix, "INIT_SCRIPTS=none");
            Assert.True(install.ExitCode == 0, install.ToString());
            string unitDir = Path.Combine(prefix, "lib", "systemd", "system");
            var verify = Tool.Run("systemd-analyze", ["verify", .. Units.Select(u => Path.Combine(unitDir, u))],
                env: new Dictionary<string, string> { ["MANPATH"] = Path.Combine(prefix, "share", "man") });
            Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, verify.ToString());
            Assert.Contains($"ExecStart={prefix}/sbin/cgmanager\n", File.ReadAllText(Path.Combine(unitDir, "cgmanager.service")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    [Fact]
    public void Service_unit_is_Type_notify_and_the_socket_names_its_fd()
    {
        string dir = Path.Combine(Repo.Root, "contrib", "init", "systemd");
        string service = File.ReadAllText(Path.Combine(dir, "cgmanager.service"));
        Assert.Contains("\nType=notify\n", service, StringComparison.Ordinal);
        Assert.Contains("\nFileDescriptorName=cgmanager\n", File.ReadAllText(Path.Combine(dir, "cgmanager.socket")), StringComparison.Ordinal);
        Assert.Contains("\nConditionVirtualization=container\n", File.ReadAllText(Path.Combine(dir, "cgproxy.service")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sysv", new[] { "etc/init.d/cgmanager", "etc/default/cgmanager" })]
    [InlineData("openrc", new[] { "etc/init.d/cgmanager", "etc/init.d/cgproxy", "etc/conf.d/cgmanager", "etc/conf.d/cgproxy" })]
    public void Make_install_with_DESTDIR_installs_everything_and_uninstall_removes_it(string init, string[] initFiles)
    {
        string destdir = ServiceProcess.NewFolder();
        try
        {
            var install = Make("install-files", "DESTDIR=" + destdir, "PREFIX=/usr", "INIT_SCRIPTS=" + init);
            Assert.True(install.ExitCode == 0, install.ToString());
            string[] expected =
            [
                "usr/sbin/cgmanager", "usr/bin/cgm", "usr/share/man/man1/cgm.1", "usr/share/man/man8/cgmanager.8",
                "usr/share/bash-completion/completions/cgm", .. Units.Select(u => "lib/systemd/system/" + u), .. initFiles,
            ];
            var files = Directory.GetFiles(destdir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(destdir, f)).Order(StringComparer.Ordinal);
            Assert.Equal(expected.Order(StringComparer.Ordinal), files);
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(destdir, "etc/init.d/cgmanager")));
            Assert.Contains("/usr/sbin/cgmanager", File.ReadAllText(Path.Combine(destdir, "etc/init.d/cgmanager")), StringComparison.Ordinal);

            var uninstall = Make("uninstall", "DESTDIR=" + destdir, "PREFIX=/usr", "INIT_SCRIPTS=" + init);
            Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
            Assert.Empty(Directory.GetFiles(destdir, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(destdir, recursive: true);
        }
    }

    [Theory]
    [InlineData("sysvinit/cgmanager")]
    [InlineData("openrc/cgmanager")]
    [InlineData("openrc/cgproxy")]
    public void Init_script_is_valid_sh(string script)
    {
        var check = Tool.Run("sh", "-n", Path.Combine(Repo.Root, "contrib", "init", script));
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
