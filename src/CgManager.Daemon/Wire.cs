using CgManager.Contract;
using CgManager.DBus.Server;

namespace CgManager.Daemon;

/// <summary>The contract's declarations in the server library's terms.</summary>
internal static class Wire
{
    public static Argument[] Arguments(IReadOnlyList<WireArgument> arguments) =>
        arguments.Select(a => new Argument(a.Name, a.Signature)).ToArray();
}
