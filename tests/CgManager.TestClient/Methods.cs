namespace CgManager.TestClient;

/// <summary>The plain methods of the compat interface this client can call: input and output signatures (spec §3.1).</summary>
internal static class Methods
{
    public static readonly IReadOnlyDictionary<string, (string In, string Out)> Table = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Ping"] = ("i", ""),
        ["GetPidCgroup"] = ("si", "s"),
        ["GetPidCgroupAbs"] = ("si", "s"),
        ["Create"] = ("ss", "i"),
        ["Chown"] = ("ssii", ""),
        ["Chmod"] = ("sssi", ""),
        ["MovePid"] = ("ssi", ""),
        ["MovePidAbs"] = ("ssi", ""),
        ["GetValue"] = ("sss", "s"),
        ["SetValue"] = ("ssss", ""),
        ["Remove"] = ("ssi", "i"),
        ["GetTasks"] = ("ss", "ai"),
        ["GetTasksRecursive"] = ("ss", "ai"),
        ["ListChildren"] = ("ss", "as"),
        ["RemoveOnEmpty"] = ("ss", ""),
        ["Prune"] = ("ss", ""),
        ["ListControllers"] = ("", "as"),
        ["ListKeys"] = ("ss", "a(suuu)"),
    };
}
