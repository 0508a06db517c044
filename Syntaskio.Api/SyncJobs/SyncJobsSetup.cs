using Syntaskio.Api.Infrastructure;

namespace Syntaskio.Api.SyncJobs;

public static class SyncJobsSetup
{
    /// <summary>The sync jobs API's own services: the retention of settled sync history.</summary>
    public static IServiceCollection AddSyncJobsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncRetentionOptions>().Bind(configuration.GetSection(SyncRetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRetentionPolicy, SyncJobsRetention>();
        return services;
    }
}
