using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Syntaskio.Jobs.Monitoring;

namespace Syntaskio.Api.Infrastructure;

/// <summary>What every endpoint shares: problem details, OpenAPI, health, metrics, authentication, and the dashboard.</summary>
public static class ApiDefaults
{
    public static IServiceCollection AddApiDefaults(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(SyncMetrics.MeterName).AddPrometheusExporter());
        return services;
    }

    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHangfireDashboard(
            "/hangfire",
            new DashboardOptions { DashboardTitle = "Syntaskio Sync", DisplayStorageConnectionString = false },
            app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
