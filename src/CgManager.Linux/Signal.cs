namespace CgManager.Linux;

/// <summary>Signal numbers as on x86_64 and arm64 (they differ only on alpha, mips, sparc, parisc).</summary>
public enum Signal
{
    SIGHUP = 1,
    SIGINT = 2,
    SIGQUIT = 3,
    SIGKILL = 9,
    SIGUSR1 = 10,
    SIGUSR2 = 12,
    SIGPIPE = 13,
    SIGALRM = 14,
    SIGTERM = 15,
    SIGCHLD = 17,
    SIGCONT = 18,
    SIGSTOP = 19,
}
