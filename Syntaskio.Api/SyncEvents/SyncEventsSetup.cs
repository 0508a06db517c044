using Syntaskio.Api.Infrastructure;

namespace Syntaskio.Api.SyncEvents;

public static class SyncEventsSetup
{
    public static WebApplicationBuilder AddSyncEvents(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services
            .AddOptions<SyncEventsOptions>()
            .Bind(configuration.GetSection(SyncEventsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SyncEventHub>();
        services.AddSingleton<SyncEventStream>();
        services.AddSingleton<EventStreamAddressLimit>();
        if (configuration.GetSection(SyncEventsOptions.Section).GetValue(nameof(SyncEventsOptions.Listen), true))
            services.AddHostedService<SyncEventListener>();
        services.AddSingleton<IRetentionPolicy, SyncEventsRetention>();
        return builder;
    }
}
