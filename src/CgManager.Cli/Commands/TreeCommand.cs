using System.Globalization;
using System.Text.Json;
using CgManager.Cli.Output;
using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary><c>cgm tree</c>: the subtree below a cgroup, children sorted by name, each with its own task count.</summary>
internal static class TreeCommand
{
    private const string Indent = "  ";

    private sealed record Node(string Name, int Tasks, IReadOnlyList<Node> Children);

    public static async Task<int> Run(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        string cgroup = c.Arg(1);
        IReadOnlyList<string> controllers = c.Args.Count > 0 ? [c.Arg(0)] : await client.ListControllersAsync().ConfigureAwait(false);
        var trees = new List<(string Controller, Node Root)>();
        foreach (string hierarchy in controllers)
        {
            // a co-mounted hierarchy is listed as "cpu,cpuacct"; any one member names it
            string controller = hierarchy.Split(',')[0];
            trees.Add((hierarchy, await WalkAsync(client, controller, cgroup, cgroup.Length == 0 ? "/" : cgroup).ConfigureAwait(false)));
        }

        if (c.Json)
        {
            Json.Write(c.Out, w =>
            {
                w.WriteStartArray("trees");
                foreach (var (controller, root) in trees)
                {
                    w.WriteStartObject();
                    w.WriteString("controller", controller);
                    w.WriteString("cgroup", cgroup);
                    WriteNode(w, root);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return Cli.Success;
        }

        foreach (var (controller, root) in trees)
        {
            Print(c.Out, $"{controller}:{root.Name}", root, 0);
        }

        return Cli.Success;
    }

    private static async Task<Node> WalkAsync(CgManagerClient client, string controller, string cgroup, string name)
    {
        var tasks = await client.GetTasksAsync(controller, cgroup).ConfigureAwait(false);
        var names = (await client.ListChildrenAsync(controller, cgroup).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        var children = new List<Node>(names.Count);
        foreach (string child in names)
        {
            string path = cgroup.Length == 0 ? child : cgroup.TrimEnd('/') + "/" + child;
            children.Add(await WalkAsync(client, controller, path, child).ConfigureAwait(false));
        }

        return new Node(name, tasks.Count, children);
    }

    private static void Print(TextWriter output, string label, Node node, int depth)
    {
        string count = node.Tasks.ToString(CultureInfo.InvariantCulture);
        output.WriteLine($"{string.Concat(Enumerable.Repeat(Indent, depth))}{label} ({count} task{(node.Tasks == 1 ? "" : "s")})");
        foreach (var child in node.Children)
        {
            Print(output, child.Name, child, depth + 1);
        }
    }

    private static void WriteNode(Utf8JsonWriter w, Node node)
    {
        w.WriteNumber("tasks", node.Tasks);
        w.WriteStartArray("children");
        foreach (var child in node.Children)
        {
            w.WriteStartObject();
            w.WriteString("name", child.Name);
            WriteNode(w, child);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
