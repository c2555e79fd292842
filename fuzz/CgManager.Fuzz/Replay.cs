namespace CgManager.Fuzz;

/// <summary>Runs saved inputs (a corpus, or AFL++'s crashes folder) outside the fuzzer, reporting each crash.</summary>
internal static class Replay
{
    public static int Run(Harness harness, IEnumerable<string> paths)
    {
        int inputs = 0, rejected = 0, crashed = 0;
        foreach (string file in paths.SelectMany(Expand))
        {
            inputs++;
            byte[] input = File.ReadAllBytes(file);
            try
            {
                if (harness.Execute(input) is not null)
                {
                    rejected++;
                }
            }
            catch (Exception e)
            {
                crashed++;
                Console.Error.WriteLine($"CRASH {harness.Name} {file} ({input.Length} bytes: {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))})");
                Console.Error.WriteLine(e);
            }
        }

        Console.WriteLine($"{harness.Name}: {inputs} inputs, {inputs - rejected - crashed} accepted, {rejected} rejected, {crashed} crashed");
        return crashed == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [path];
}
