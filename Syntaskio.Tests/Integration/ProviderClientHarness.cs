using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>The provider clients as the worker builds them, with short timeouts for tests.</summary>
internal static class ProviderClientHarness
{
    public static ServiceProvider Build(
        string processPlanApi = "story",
        IReadOnlyDictionary<string, string?>? settings = null
    ) =>
        new ServiceCollection()
            .AddSingleton<IConnectionCredentialStore, InMemoryCredentialStore>()
            .AddTaskProviders(
                new ConfigurationBuilder()
                    .AddInMemoryCollection(
                        new Dictionary<string, string?>
                        {
                            ["Providers:Microsoft:RequestTimeout"] = "00:00:00.500",
                            ["Providers:ConnectWise:RequestTimeout"] = "00:00:00.500",
                            ["Providers:ProcessPlan:RequestTimeout"] = "00:00:00.500",
                            ["Providers:ProcessPlan:Api"] = processPlanApi,
                            ["Providers:Microsoft:TokenEndpoint"] = new Uri(
                                TestEnvironment.Sandbox.BaseUrl,
                                "/login/common/oauth2/v2.0/token"
                            ).ToString(),
                            ["Providers:Microsoft:ClientId"] = "syntaskio-tests",
                            ["Providers:Microsoft:ClientSecret"] = "test-client-secret",
                        }
                    )
                    .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
                    .Build()
            )
            .BuildServiceProvider();

    /// <summary>
    /// Refreshes without a database, for clients tested on their own; the real store is tested end to end.
    /// </summary>
    private sealed class InMemoryCredentialStore : IConnectionCredentialStore
    {
        public async Task<string> RefreshAsync(
            ProviderConnection connection,
            string staleCredentialsJson,
            Func<string, CancellationToken, Task<RefreshedCredentials>> refresh,
            CancellationToken cancellationToken
        ) => (await refresh(staleCredentialsJson, cancellationToken)).CredentialsJson;
    }
}
