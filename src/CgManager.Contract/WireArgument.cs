namespace CgManager.Contract;

/// <summary>One argument of a method or signal: its introspected name and its D-Bus type signature.</summary>
/// <param name="Name">The name introspection shows.</param>
/// <param name="Signature">One complete D-Bus type, e.g. <c>s</c> or <c>a{sv}</c>.</param>
public sealed record WireArgument(string Name, string Signature);
