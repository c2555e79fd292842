using CgManager.Client.Driver;

// Runs one library scenario against a daemon. The xunit tests start it through 'cgsandbox run', so that
// this process (the requestor the daemon resolves cgroups for) is inside the test's sandbox.
if (args.Length < 2 || !Scenarios.All.TryGetValue(args[1], out var scenario))
{
    Console.Error.WriteLine($"usage: driver SOCKET SCENARIO [ARG]...; scenarios: {string.Join(' ', Scenarios.All.Keys)}");
    return 2;
}

try
{
    await scenario(new Scenario(args[0], args[2..]));
    Console.WriteLine("ok");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"scenario {args[1]} failed: {e}");
    return 1;
}
