using CgManager.Client.Tests.Infrastructure;
using PublicApiGenerator;

namespace CgManager.Client.Tests.PublicApi;

/// <summary>
/// The library's public surface is a contract (the proxy and other programs build on it): any change shows
/// up here. To accept one, copy the .received.txt this test writes over the .approved.txt and commit it.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_snapshot()
    {
        string api = typeof(CgManagerClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Runtime.Versioning.SupportedOSPlatformAttribute"],
        }).ReplaceLineEndings("\n").TrimEnd() + "\n";
        string folder = Path.Combine(TestPaths.Root, "tests", "CgManager.Client.Tests", "PublicApi");
        string approvedPath = Path.Combine(folder, "CgManager.Client.approved.txt");
        string receivedPath = Path.Combine(folder, "CgManager.Client.received.txt");
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";
        if (approved != api)
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        Assert.True(approved == api, $"the public API of CgManager.Client changed; review {receivedPath} and copy it over {approvedPath}");
    }
}
