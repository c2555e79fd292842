using CgManager.Fuzz;
using CgManager.Fuzz.Harnesses;
using SharpFuzz;

// cgmanager-fuzz list                      the harnesses and what each asserts
// cgmanager-fuzz HARNESS                   under afl-fuzz: the persistent fuzzing loop; alone: one input from stdin
// cgmanager-fuzz HARNESS --replay PATH...  runs files (or every file of folders), says which crash; exit 1 if any does
// cgmanager-fuzz seed-keys DIR             writes the keys harness's seeds from this machine's cgroup files
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: cgmanager-fuzz list | HARNESS [--replay FILE|DIR...]");
    return 2;
}

if (args is ["seed-keys", string folder])
{
    return Seeds.WriteKeySeeds(folder);
}

if (args[0] == "list")
{
    foreach (Harness h in AllHarnesses.List)
    {
        Console.WriteLine($"{h.Name}\t{h.Asserts}; allowed: {(h.Allowed.Count == 0 ? "no exception" : string.Join(", ", h.Allowed.Select(t => t.Name)))}");
    }

    return 0;
}

Harness? harness = AllHarnesses.Find(args[0]);
if (harness is null)
{
    Console.Error.WriteLine($"cgmanager-fuzz: no harness '{args[0]}' (see: cgmanager-fuzz list)");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    return Replay.Run(harness, args[2..]);
}

// Inputs are small (AFL++ trims toward that); the buffer is reused so one exec allocates nothing itself.
byte[] buffer = new byte[1 << 20];
Fuzzer.Run(stream =>
{
    int length = 0;
    int read;
    while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
    {
        length += read;
    }

    harness.Execute(buffer.AsSpan(0, length));
});
return 0;
