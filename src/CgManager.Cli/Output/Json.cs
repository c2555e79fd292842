using System.Text;
using System.Text.Json;

namespace CgManager.Cli.Output;

/// <summary>The <c>--json</c> documents: one object per command, written with Utf8JsonWriter (no reflection, so NativeAOT-safe).</summary>
internal static class Json
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> items)
    {
        writer.WriteStartArray(name);
        foreach (string item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    public static void Numbers(Utf8JsonWriter writer, string name, IEnumerable<int> items)
    {
        writer.WriteStartArray(name);
        foreach (int item in items)
        {
            writer.WriteNumberValue(item);
        }

        writer.WriteEndArray();
    }
}
