using Syntaskio.Api.Infrastructure;

namespace Syntaskio.Api.SyncEvents;

public static class SyncEventsSetup
{
    public static IServiceCollection AddSyncEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncEventsOptions>().Bind(configuration.GetSection(SyncEventsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SyncEventHub>();
        services.AddSingleton<SyncEventStream>();
        if (configuration.GetSection(SyncEventsOptions.Section).GetValue(nameof(SyncEventsOptions.Listen), true))
            services.AddHostedService<SyncEventListener>();
        services.AddSingleton<IRetentionPolicy, SyncEventsRetention>();
        return services;
    }
}
