namespace CgManager.Fuzz.Harnesses;

internal static class AllHarnesses
{
    public static IReadOnlyList<Harness> List { get; } =
        [.. DBusHarnesses.All, .. KernelTextHarnesses.All, .. KeyHarnesses.All];

    public static Harness? Find(string name) => List.FirstOrDefault(h => h.Name == name);
}
