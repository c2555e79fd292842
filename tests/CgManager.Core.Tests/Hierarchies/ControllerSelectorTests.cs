using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Hierarchies;

public class ControllerSelectorTests
{
    private static readonly HierarchySet CoMounted =
        HierarchyDiscovery.Discover(Layouts.CoMounted(), DiscoveryOptions.FromCommandLine(null, "hugetlb"));

    [Theory]
    [InlineData("memory", CgMethod.GetValue, "memory", false)]
    [InlineData("memory,", CgMethod.GetValue, "memory", true)]                 // one trailing comma tolerated
    [InlineData("cpu,cpuacct", CgMethod.GetValue, "cpu,cpuacct", true)]        // a ListControllers entry works
    [InlineData("cpuacct", CgMethod.SetValue, "cpu,cpuacct", false)]
    [InlineData("name=systemd", CgMethod.GetTasks, "name=systemd", false)]
    [InlineData("systemd", CgMethod.ListChildren, "name=systemd", false)]
    [InlineData("unified", CgMethod.GetPidCgroup, "unified", false)]
    [InlineData("memory", CgMethod.Create, "memory", false)]
    [InlineData("cpu,cpuacct,memory", CgMethod.Create, "cpu,cpuacct memory", true)]   // comount-pruned
    [InlineData("memory,cpuacct,cpu", CgMethod.MovePid, "memory cpu,cpuacct", true)]
    [InlineData("memory,memory", CgMethod.Chown, "memory", true)]
    [InlineData("net_prio,name=systemd,", CgMethod.Remove, "net_cls,net_prio name=systemd", true)]
    public void Controller_arguments_select_hierarchies_in_request_order(string argument, CgMethod method, string expected, bool listMode)
    {
        ControllerSelection selection = ControllerSelector.Select(CoMounted, argument, method);
        Assert.Equal(expected, string.Join(' ', selection.Hierarchies));
        Assert.Equal(listMode, selection.IsListMode);
    }

    [Fact]
    public void All_selects_every_managed_hierarchy_sorted_for_multi_hierarchy_methods()
    {
        ControllerSelection selection = ControllerSelector.Select(CoMounted, "all", CgMethod.Create);
        Assert.True(selection.IsListMode);
        Assert.Equal(CoMounted.ListNames(), selection.Hierarchies.Select(h => h.ListName));
        Assert.DoesNotContain(selection.Hierarchies, h => h.ListName == "hugetlb");
    }

    [Fact]
    public void All_with_nothing_managed_selects_nothing()
    {
        var empty = new HierarchySet([], []);
        Assert.Empty(ControllerSelector.Select(empty, "all", CgMethod.Prune).Hierarchies);
    }

    [Theory]
    [InlineData("all", CgMethod.GetValue, "'all' selects several hierarchies and GetValue works on one")]
    [InlineData("cpu,memory", CgMethod.GetValue, "'cpu,memory' names 2 hierarchies (cpu,cpuacct, memory) and GetValue works on one")]
    [InlineData("foo", CgMethod.Create, "unknown controller 'foo'")]
    [InlineData("memory,foo", CgMethod.Create, "unknown controller 'foo'")]
    [InlineData("name=foo", CgMethod.Create, "unknown controller 'name=foo'")]
    [InlineData("hugetlb", CgMethod.Create, "controller 'hugetlb' (hugetlb) is not managed by this daemon (skipped with -M)")]
    [InlineData("", CgMethod.Create, "the controller argument is empty")]
    [InlineData(",memory", CgMethod.Create, "',memory' has an empty controller name")]
    [InlineData("memory,,cpu", CgMethod.Create, "'memory,,cpu' has an empty controller name")]
    [InlineData("memory,,", CgMethod.GetValue, "'memory,,' has an empty controller name")]
    [InlineData("all,memory", CgMethod.Create, "'all' cannot be part of a list")]
    public void Bad_controller_arguments_are_rejected_precisely(string argument, CgMethod method, string reason)
    {
        var error = Assert.Throws<CgException>(() => ControllerSelector.Select(CoMounted, argument, method));
        Assert.Equal(CgErrorKind.InvalidController, error.Kind);
        Assert.StartsWith("invalid controller: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
