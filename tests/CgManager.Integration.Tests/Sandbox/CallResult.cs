namespace CgManager.Integration.Tests.Sandbox;

/// <summary>The D-Bus clients the tests drive the daemon with, each as its own process inside the sandbox.</summary>
public enum Client
{
    /// <summary>sd-bus: busctl --json=short. It prints the error message but not the error name.</summary>
    Busctl,

    /// <summary>libdbus: dbus-python under /usr/bin/python3.</summary>
    DbusPython,

    /// <summary>Our own codec and transport: tests/CgManager.TestClient.</summary>
    TestClient,
}

/// <summary>
/// One call's outcome, the same shape for every client: reply values one a line (arrays flattened, structs as
/// space-separated fields), or the error's name (null where the client does not show it) and message.
/// </summary>
public sealed record CallResult(Client Client, string Command, bool Ok, IReadOnlyList<string> Values, string? ErrorName, string? ErrorMessage, string Raw)
{
    /// <summary>A single string or number reply (multi-line strings are joined back).</summary>
    public string Value => string.Join('\n', Values);

    public override string ToString() => $"{Client}: {Command}\n{Raw}";
}
