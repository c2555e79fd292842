using System.Xml.Linq;
using CgManager.Client.Tests.Infrastructure;
using CgManager.Contract;

namespace CgManager.Client.Tests.Contract;

/// <summary>
/// docs/*.xml describe the interfaces as the daemon introspects them (the integration tests compare them with what
/// it serves); here they are held to the contract everything is built from: every method, in order, with its
/// arguments' names, types and directions.
/// </summary>
public sealed class DocumentedInterfaceTests
{
    public static TheoryData<string> Interfaces => new(CompatApi.Name, Manager1Api.Name);

    [Theory]
    [MemberData(nameof(Interfaces))]
    public void The_documented_methods_are_the_contracts(string name)
    {
        var contract = name == CompatApi.Name ? CompatApi.Methods : Manager1Api.Methods;
        var documented = Documented(name).Elements("method").ToList();
        Assert.Equal(contract.Select(m => m.Name), documented.Select(m => (string?)m.Attribute("name")));
        foreach (var (method, xml) in contract.Zip(documented))
        {
            Assert.Equal(Describe(method.In, "in") + Describe(method.Out, "out"), Describe(xml));
        }
    }

    [Fact]
    public void The_Event_signal_is_documented_as_the_contract_declares_it()
    {
        var signal = Documented(Manager1Api.Name).Elements("signal").Single(s => (string?)s.Attribute("name") == Manager1Api.EventSignal);
        Assert.Equal(string.Concat(Manager1Api.EventArgs.Select(a => $"{a.Name}:{a.Signature} ")),
            string.Concat(signal.Elements("arg").Select(a => $"{a.Attribute("name")?.Value}:{a.Attribute("type")?.Value} ")));
    }

    private static XElement Documented(string name)
    {
        string file = Path.Combine(TestPaths.Root, "docs", name + ".xml");
        Assert.True(File.Exists(file), $"{file} documents {name}");
        return XDocument.Load(file).Descendants("interface").Single(i => (string?)i.Attribute("name") == name);
    }

    private static string Describe(IEnumerable<WireArgument> args, string direction) =>
        string.Concat(args.Select(a => $"{direction} {a.Name}:{a.Signature}; "));

    private static string Describe(XElement method) =>
        string.Concat(method.Elements("arg").OrderBy(a => (string?)a.Attribute("direction") == "out" ? 1 : 0)
            .Select(a => $"{a.Attribute("direction")?.Value ?? "in"} {a.Attribute("name")?.Value}:{a.Attribute("type")?.Value}; "));
}
