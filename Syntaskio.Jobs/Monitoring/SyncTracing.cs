using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;

namespace Syntaskio.Jobs.Monitoring;

/// <summary>
/// Tracing (docs/support.md, Monitoring): the activity source of sync attempts, and every process's tracer: attempts,
/// vendor calls (HttpClient) and database statements (Npgsql), exported over OTLP. On when the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, or Sync:Tracing is true (a test's own exporter): a span per statement costs CPU
/// that nobody reads otherwise.
/// </summary>
public static class SyncTracing
{
    public const string SourceName = "Syntaskio.Sync";

    public static readonly ActivitySource Source = new(SourceName);

    public const string EnabledKey = "Sync:Tracing";
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[OtlpEndpointKey]) || configuration.GetValue(EnabledKey, false);

    public static IServiceCollection AddSyncTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
            return services;
        services
            .AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(SourceName).AddHttpClientInstrumentation().AddNpgsql();
                if (!string.IsNullOrEmpty(configuration[OtlpEndpointKey]))
                    tracing.AddOtlpExporter();
            });
        return services;
    }
}
