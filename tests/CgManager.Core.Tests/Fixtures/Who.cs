using CgManager.Core.Access;
using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Fixtures;

/// <summary>The requestors the policy tests use, by name.</summary>
public static class Who
{
    private static readonly IdMap ContainerMap = IdMap.Parse("0 100000 65536\n");

    private static readonly Dictionary<string, Requestor> ByName = new(StringComparer.Ordinal)
    {
        ["host root"] = Requestor.OnHost(100, 0, 0),
        ["alice"] = Requestor.OnHost(200, 1000, 1000),
        ["bob"] = Requestor.OnHost(300, 1001, 1000),          // alice's group
        ["carol"] = Requestor.OnHost(400, 1002, 1002),
        // an unprivileged container: host ids 100000..165535 are its 0..65535
        ["container root"] = new Requestor(500, 100000, 100000, ContainerMap, ContainerMap, new NamespaceFacts(false, false)),
        ["container user"] = new Requestor(501, 101000, 101000, ContainerMap, ContainerMap, new NamespaceFacts(false, false)),
        // a privileged container (no user namespace): host uid 0, its own pid namespace
        ["privileged container root"] = new Requestor(600, 0, 0, IdMap.Identity, IdMap.Identity, new NamespaceFacts(false, true)),
        // root of a user namespace that shares the daemon's pid namespace (unshare -U -r)
        ["userns root"] = new Requestor(700, 1000, 1000, IdMap.Parse("0 1000 1"), IdMap.Parse("0 1000 1"), new NamespaceFacts(true, false)),
    };

    public static Requestor Get(string name) => ByName[name];
}
