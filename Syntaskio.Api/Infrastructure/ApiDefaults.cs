using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Syntaskio.Jobs.Monitoring;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// What every endpoint shares: problem details, request limits, OpenAPI, health, metrics, authentication and rate
/// limits.
/// </summary>
public static class ApiDefaults
{
    /// <summary>Every request body here is a few hundred bytes; anything near this is abuse (413).</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The interactive API reference, in Development only.</summary>
    public const string DocsPath = "/docs";

    public static WebApplicationBuilder AddApiDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddOpenApiContract();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        var telemetry = services
            .AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(SyncMetrics.MeterName).AddPrometheusExporter());
        if (SyncTracing.IsEnabled(builder.Configuration))
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        services.AddHostedService<RetentionService>();
        // Strict JSON: a field we do not know is a mistake worth a 400, not something to ignore silently.
        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow
        );
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestRateLimits();
        app.MapOpenApi();
        // An interactive reference of the same document, for people trying the API against build.ps1 run; its
        // fonts are the browser's, so it loads nothing from elsewhere (SecurityHeaders).
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference(DocsPath, scalar => scalar.DisableDefaultFonts());
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(
            "/health/ready",
            new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }
        );
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
