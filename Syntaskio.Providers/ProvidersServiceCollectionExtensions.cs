using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Holds;
using Syntaskio.Providers.Logging;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Providers;

public static class ProvidersServiceCollectionExtensions
{
    public static IServiceCollection AddTaskProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddOptions<MicrosoftTodoOptions>()
            .Bind(configuration.GetSection(MicrosoftTodoOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        foreach (var name in new[] { MicrosoftTodoClient.HttpClientName, MicrosoftTokenClient.HttpClientName })
        {
            var client = services
                .AddHttpClient(name)
                .ConfigureHttpClient(
                    (provider, client) =>
                        client.Timeout = provider
                            .GetRequiredService<IOptions<MicrosoftTodoOptions>>()
                            .Value.RequestTimeout
                );
            if (name == MicrosoftTodoClient.HttpClientName)
                client.AddVendorCallChecks();
            client.AddVendorCallLog("Microsoft");
        }
        services.AddSingleton<MicrosoftTokenClient>();
        services.AddSingleton<MicrosoftTodoClient>();
        services.AddSingleton<MicrosoftAccountReader>();

        services
            .AddOptions<ConnectWiseOptions>()
            .Bind(configuration.GetSection(ConnectWiseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddHttpClient(ConnectWiseTicketClient.HttpClientName)
            .AddVendorCallChecks()
            .AddVendorCallLog("ConnectWise");
        services.AddSingleton<ConnectWiseBoardStatusCache>();
        services.AddSingleton<ConnectWiseTicketClient>();
        services.AddSingleton<ConnectWiseAccountReader>();

        services
            .AddOptions<ProcessPlanOptions>()
            .Bind(configuration.GetSection(ProcessPlanOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddHttpClient(ProcessPlanStepClient.HttpClientName)
            .AddVendorCallChecks()
            .AddVendorCallLog("Process Plan");
        services.AddSingleton<ProcessPlanStepClient>();
        return services;
    }

    // Outermost, so a held request is neither sent nor logged as a call; then whether a write's outcome is known. A
    // host without holds (IConnectionHolds not registered) holds nothing.
    private static IHttpClientBuilder AddVendorCallChecks(this IHttpClientBuilder builder) =>
        builder
            .AddHttpMessageHandler(provider =>
                provider.GetService<IConnectionHolds>() is { } holds
                    ? new ConnectionHoldHandler(holds, provider.GetRequiredService<TimeProvider>())
                    : new PassThroughHandler()
            )
            .AddHttpMessageHandler(() => new UnansweredWriteHandler());

    private sealed class PassThroughHandler : DelegatingHandler;

    private static IHttpClientBuilder AddVendorCallLog(this IHttpClientBuilder builder, string vendor) =>
        builder.AddHttpMessageHandler(provider => new VendorCallLogHandler(
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(VendorCallLogHandler.Category),
            vendor
        ));
}
