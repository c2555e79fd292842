namespace CgManager.DBus.Server;

/// <summary>A named argument, for signatures and introspection.</summary>
public readonly record struct Argument(string Name, string Type);

/// <summary>
/// Handles one method call: reads its arguments from <paramref name="args"/> (already checked
/// against the method's signature) and writes the reply body into <paramref name="reply"/>.
/// Throw <see cref="DBusErrorException"/> to reply with an error.
/// </summary>
public delegate void MethodHandler(MethodContext context, ref MessageReader args, MessageWriter reply);

public sealed class MethodDefinition
{
    public MethodDefinition(string name, Argument[] inArgs, Argument[] outArgs, MethodHandler handler)
    {
        Name = name;
        InArgs = inArgs;
        OutArgs = outArgs;
        Handler = handler;
        InSignature = string.Concat(inArgs.Select(a => a.Type));
        OutSignature = string.Concat(outArgs.Select(a => a.Type));
    }

    public string Name { get; }
    public IReadOnlyList<Argument> InArgs { get; }
    public IReadOnlyList<Argument> OutArgs { get; }
    public string InSignature { get; }
    public string OutSignature { get; }
    public MethodHandler Handler { get; }
}

/// <summary>A property; values use the generic value model of <see cref="DBusValues"/>.</summary>
public sealed record PropertyDefinition(string Name, string Type, Func<object> Get, Action<object>? Set = null)
{
    public bool IsWritable => Set is not null;
}

/// <summary>A signal, for introspection.</summary>
public sealed record SignalDefinition(string Name, Argument[] Args);

/// <summary>One interface on an object: its methods, properties and signals.</summary>
public sealed class InterfaceDefinition
{
    private readonly Dictionary<string, MethodDefinition> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PropertyDefinition> _properties = new(StringComparer.Ordinal);
    private readonly List<SignalDefinition> _signals = [];

    public InterfaceDefinition(string name) => Name = name;

    public string Name { get; }

    public IEnumerable<MethodDefinition> Methods => _methods.Values;
    public IEnumerable<PropertyDefinition> Properties => _properties.Values;
    public IReadOnlyList<SignalDefinition> Signals => _signals;

    public InterfaceDefinition Method(string name, Argument[] inArgs, Argument[] outArgs, MethodHandler handler)
    {
        _methods.Add(name, new MethodDefinition(name, inArgs, outArgs, handler));
        return this;
    }

    public InterfaceDefinition Property(PropertyDefinition property)
    {
        _properties.Add(property.Name, property);
        return this;
    }

    public InterfaceDefinition Signal(SignalDefinition signal)
    {
        _signals.Add(signal);
        return this;
    }

    public bool TryGetMethod(string name, out MethodDefinition method) => _methods.TryGetValue(name, out method!);

    public bool TryGetProperty(string name, out PropertyDefinition property) => _properties.TryGetValue(name, out property!);
}
