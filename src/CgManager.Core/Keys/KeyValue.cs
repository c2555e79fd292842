using System.Globalization;

namespace CgManager.Core.Keys;

/// <summary>
/// A neutral key's value as a D-Bus variant carries it once unpacked: a string, a signed or unsigned integer, or
/// "max" for no limit. <see cref="Text"/> keeps what the client sent, so raw kernel files get it unchanged
/// (v1 files want "-1" where v2 files want "max").
/// </summary>
public sealed record KeyValue
{
    /// <summary>How the unlimited value reads back from any key.</summary>
    public const string MaxText = "max";

    private KeyValue(KeyValueKind kind, ulong number, string text, double real = 0, IReadOnlyList<KeyValuePair<string, KeyValue>>? fields = null)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Real = real;
        Fields = fields ?? [];
    }

    /// <summary>No limit.</summary>
    public static KeyValue Max { get; } = new(KeyValueKind.Max, 0, MaxText);

    public KeyValueKind Kind { get; }

    /// <summary>The number when <see cref="Kind"/> is <see cref="KeyValueKind.Number"/>, otherwise 0.</summary>
    public ulong Number { get; }

    /// <summary>The value as text: what the client sent, or the decimal number, or "max".</summary>
    public string Text { get; }

    /// <summary>The measurement when <see cref="Kind"/> is <see cref="KeyValueKind.Real"/>, otherwise 0.</summary>
    public double Real { get; }

    /// <summary>The named values when <see cref="Kind"/> is <see cref="KeyValueKind.Fields"/>, in the kernel's order; otherwise empty.</summary>
    public IReadOnlyList<KeyValuePair<string, KeyValue>> Fields { get; }

    public bool IsMax => Kind == KeyValueKind.Max;

    public bool IsFields => Kind == KeyValueKind.Fields;

    /// <summary>A measurement such as a PSI average (a D-Bus <c>d</c>).</summary>
    public static KeyValue OfReal(double real) =>
        new(KeyValueKind.Real, 0, real.ToString("0.00", CultureInfo.InvariantCulture), real);

    /// <summary>
    /// A record of named values. <see cref="Text"/> is one "name value" per line, nested records on one line as
    /// "name a=1 b=2", for logs and text clients; Manager1 sends the record itself as a nested <c>a{sv}</c>.
    /// </summary>
    public static KeyValue OfFields(IReadOnlyList<KeyValuePair<string, KeyValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var lines = fields.Select(f => f.Value.IsFields
            ? f.Key + " " + string.Join(' ', f.Value.Fields.Select(g => g.Key + "=" + g.Value.Text))
            : f.Key + " " + f.Value.Text);
        return new(KeyValueKind.Fields, 0, string.Join('\n', lines), 0, fields.ToArray());
    }

    /// <summary>The field <paramref name="name"/> of a record, or null.</summary>
    public KeyValue? Field(string name) => Fields.FirstOrDefault(f => f.Key == name).Value;

    public bool IsNumber => Kind == KeyValueKind.Number;

    /// <summary>An unsigned number (a D-Bus <c>t</c>, <c>u</c>, <c>q</c> or <c>y</c>).</summary>
    public static KeyValue Of(ulong number) =>
        new(KeyValueKind.Number, number, number.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A signed number (a D-Bus <c>x</c>, <c>i</c>, <c>n</c>): -1 means no limit, as in cgroup v1 files; other
    /// negative numbers are kept as text for the key to refuse.
    /// </summary>
    public static KeyValue Of(long number) => number switch
    {
        >= 0 => Of((ulong)number),
        -1 => new(KeyValueKind.Max, 0, "-1"),
        _ => new(KeyValueKind.Text, 0, number.ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>
    /// A string (a D-Bus <c>s</c>): "max" (any case) or "-1" is no limit, plain decimal digits a number, anything
    /// else text. Surrounding white space is ignored for that judgement but kept in <see cref="Text"/>.
    /// </summary>
    public static KeyValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Equals(MaxText, StringComparison.OrdinalIgnoreCase) || trimmed == "-1")
        {
            return new(KeyValueKind.Max, 0, text);
        }

        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit)
            && ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number)
            ? new(KeyValueKind.Number, number, text)
            : new(KeyValueKind.Text, 0, text);
    }

    /// <summary>Text taken as it is, never read as a number or "max": what a raw kernel file held.</summary>
    public static KeyValue Verbatim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(KeyValueKind.Text, 0, text);
    }

    public override string ToString() => Text;
}
