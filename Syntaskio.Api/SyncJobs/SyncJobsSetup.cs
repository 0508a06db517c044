using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Hosting;

namespace Syntaskio.Api.SyncJobs;

public static class SyncJobsSetup
{
    /// <summary>The sync pipeline (Syntaskio.Jobs), and the sync jobs API's own retention of settled history.</summary>
    public static WebApplicationBuilder AddSyncJobsApi(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services.AddSyncJobs(configuration);
        services
            .AddOptions<SyncRetentionOptions>()
            .Bind(configuration.GetSection(SyncRetentionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IRetentionPolicy, SyncJobsRetention>();
        return builder;
    }
}
