namespace CgManager.Fuzz;

/// <summary>The code one harness runs on an input, given the raw bytes.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>
/// One fuzzing entry: a parser fed the input, the exception types its documentation allows
/// (a rejected input), and what else it asserts. Any other exception, or a broken assertion
/// (<see cref="FuzzAssertionException"/>), is a crash for AFL++.
/// </summary>
internal sealed class Harness
{
    public Harness(string name, string asserts, FuzzTarget target, params Type[] allowed)
    {
        Name = name;
        Asserts = asserts;
        Target = target;
        Allowed = allowed;
    }

    public string Name { get; }

    /// <summary>What the harness checks, in one sentence (printed by <c>cgmanager-fuzz list</c>).</summary>
    public string Asserts { get; }

    public FuzzTarget Target { get; }

    /// <summary>Exception types that mean "input rejected"; subclasses count, since callers catch by base type.</summary>
    public IReadOnlyList<Type> Allowed { get; }

    /// <summary>Runs one input; returns the rejecting exception (or null) and lets anything else escape.</summary>
    public Exception? Execute(ReadOnlySpan<byte> input)
    {
        try
        {
            Target(input);
            return null;
        }
        catch (Exception e) when (IsAllowed(e))
        {
            return e;
        }
    }

    private bool IsAllowed(Exception e)
    {
        if (e is FuzzAssertionException)
        {
            return false;
        }

        foreach (Type type in Allowed)
        {
            if (type.IsInstanceOfType(e))
            {
                // A rejection must say why: an empty message would reach a client as a useless error.
                return !string.IsNullOrWhiteSpace(e.Message);
            }
        }

        return false;
    }
}

/// <summary>A property a harness checks beyond "no undocumented exception" did not hold.</summary>
internal sealed class FuzzAssertionException : Exception
{
    public FuzzAssertionException(string message)
        : base(message)
    {
    }

    public FuzzAssertionException()
    {
    }

    public FuzzAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzAssertionException(what);
        }
    }
}
