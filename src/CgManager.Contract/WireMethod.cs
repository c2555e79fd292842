namespace CgManager.Contract;

/// <summary>One method of an interface as it goes over the wire: name, arguments in, results out.</summary>
public sealed class WireMethod
{
    /// <summary>Declares a method.</summary>
    /// <param name="interfaceName">The interface it belongs to.</param>
    /// <param name="name">The member name.</param>
    /// <param name="inArgs">The call's arguments, in order.</param>
    /// <param name="outArgs">The reply's values, in order.</param>
    public WireMethod(string interfaceName, string name, IReadOnlyList<WireArgument> inArgs, IReadOnlyList<WireArgument> outArgs)
    {
        ArgumentNullException.ThrowIfNull(inArgs);
        ArgumentNullException.ThrowIfNull(outArgs);
        Interface = interfaceName;
        Name = name;
        In = inArgs;
        Out = outArgs;
        InSignature = string.Concat(inArgs.Select(a => a.Signature));
        OutSignature = string.Concat(outArgs.Select(a => a.Signature));
    }

    /// <summary>The interface, e.g. <c>org.linuxcontainers.cgmanager0_0</c>.</summary>
    public string Interface { get; }

    /// <summary>The member name, e.g. <c>Create</c>.</summary>
    public string Name { get; }

    /// <summary>The call's arguments.</summary>
    public IReadOnlyList<WireArgument> In { get; }

    /// <summary>The reply's values.</summary>
    public IReadOnlyList<WireArgument> Out { get; }

    /// <summary>The call's body signature, e.g. <c>ss</c>.</summary>
    public string InSignature { get; }

    /// <summary>The reply's body signature ("" for none).</summary>
    public string OutSignature { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Interface}.{Name}({InSignature}) -> ({OutSignature})";
}
