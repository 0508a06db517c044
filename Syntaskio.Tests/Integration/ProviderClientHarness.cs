using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;

namespace Syntaskio.Tests.Integration;

/// <summary>The provider clients as the worker builds them, with short timeouts for tests.</summary>
internal static class ProviderClientHarness
{
    public static ServiceProvider Build() =>
        new ServiceCollection()
            .AddTaskProviders(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Providers:Microsoft:RequestTimeout"] = "00:00:00.500",
                ["Providers:ConnectWise:RequestTimeout"] = "00:00:00.500",
                ["Providers:ProcessPlan:RequestTimeout"] = "00:00:00.500",
            }).Build())
            .BuildServiceProvider();
}
