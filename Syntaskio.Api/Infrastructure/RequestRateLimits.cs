using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// Section "RateLimits": a token bucket per user for the routes that write, one per address for the routes that take
/// no token.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Writes a user may make per second, sustained, across every API node.</summary>
    [Range(1, 100_000)]
    public int PermitsPerSecond { get; set; } = 5;

    /// <summary>Writes a user may make at once (ticking a dozen tasks quickly is normal).</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 30;

    /// <summary>Requests a client address may make per minute to the routes that take no token, on each node.</summary>
    [Range(1, 1_000_000)]
    public int AddressPermitsPerMinute { get; set; } = 60;

    /// <summary>Such requests an address may make at once.</summary>
    [Range(1, 1_000_000)]
    public int AddressBurst { get; set; } = 20;
}

/// <summary>
/// The two limits a route can name with <c>RequireRateLimiting</c>, applied by
/// <see cref="RequestRateLimitMiddleware"/>: <see cref="Writes"/> per user, <see cref="Anonymous"/> per address.
/// </summary>
public static class RequestRateLimits
{
    public const string Writes = "writes";

    public const string Anonymous = "anonymous";

    public static WebApplicationBuilder AddRequestRateLimits(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services
            .AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IRetentionPolicy, WriteBucketsRetention>();
        services.AddSingleton(provider => new AddressBuckets(
            provider.GetRequiredService<IOptions<RateLimitOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()
        ));
        return builder;
    }

    public static WebApplication UseRequestRateLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestRateLimitMiddleware>();
        return app;
    }

    internal static string AddressOf(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
