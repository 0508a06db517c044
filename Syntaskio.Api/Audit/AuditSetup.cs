using Syntaskio.Api.Infrastructure;

namespace Syntaskio.Api.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRetentionPolicy, AuditRetention>();
        return services;
    }
}
