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
        services
            .AddHttpClient(MicrosoftTokenClient.HttpClientName)
            .ConfigureHttpClient(
                (provider, client) =>
                    client.Timeout = provider.GetRequiredService<IOptions<MicrosoftTodoOptions>>().Value.RequestTimeout
            )
            .AddVendorCallLog("Microsoft");
        services
            .AddHttpClient(MicrosoftTodoClient.HttpClientName)
            .AddVendorCallChecks<MicrosoftTodoOptions>(options => options.RequestTimeout)
            .AddVendorCallLog("Microsoft");
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
            .AddVendorCallChecks<ConnectWiseOptions>(options => options.RequestTimeout)
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
            .AddVendorCallChecks<ProcessPlanOptions>(options => options.RequestTimeout)
            .AddVendorCallLog("Process Plan");
        services.AddSingleton<ProcessPlanStepClient>();
        return services;
    }

    // Outermost, so a held request is neither sent nor logged as a call; then the request's timeout, which a hold's
    // wait must not spend, so HttpClient's own is off; then whether a write's outcome is known. A host without holds
    // (IConnectionHolds not registered) holds nothing.
    private static IHttpClientBuilder AddVendorCallChecks<TOptions>(
        this IHttpClientBuilder builder,
        Func<TOptions, TimeSpan> requestTimeout
    )
        where TOptions : class =>
        builder
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(provider =>
                provider.GetService<IConnectionHolds>() is { } holds
                    ? new ConnectionHoldHandler(holds, provider.GetRequiredService<TimeProvider>())
                    : new PassThroughHandler()
            )
            .AddHttpMessageHandler(provider => new RequestTimeoutHandler(
                requestTimeout(provider.GetRequiredService<IOptions<TOptions>>().Value),
                provider.GetRequiredService<TimeProvider>()
            ))
            .AddHttpMessageHandler(() => new UnansweredWriteHandler());

    private sealed class PassThroughHandler : DelegatingHandler;

    private static IHttpClientBuilder AddVendorCallLog(this IHttpClientBuilder builder, string vendor) =>
        builder.AddHttpMessageHandler(provider => new VendorCallLogHandler(
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(VendorCallLogHandler.Category),
            vendor
        ));
}
