using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

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
/// Rate limits with 429 problem details and Retry-After: <see cref="Writes"/> per user in PostgreSQL, shared by every
/// API node (<see cref="SharedWriteLimiter"/>); <see cref="Anonymous"/> per client address in memory, so a flood of
/// a route that takes no token is refused before it reaches the database.
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
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Writes, context =>
            {
                var services = context.RequestServices;
                // Anonymous callers never reach a write (401 first); the address is only a fallback key.
                var key = context.User.FindFirst("sub")?.Value ?? AddressOf(context);
                return RateLimitPartition.Get(key, userKey => new SharedWriteLimiter(
                    services.GetRequiredService<UserWriteBucketRepository>(),
                    userKey,
                    services.GetRequiredService<IOptions<RateLimitOptions>>().Value,
                    services.GetRequiredService<TimeProvider>()
                ));
            });
            limiter.AddPolicy(Anonymous, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(AddressOf(context), _ => new()
                    {
                        TokenLimit = options.AddressBurst,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.AddressPermitsPerMinute,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                var http = rejected.HttpContext;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(
                    new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails =
                        {
                            Status = StatusCodes.Status429TooManyRequests,
                            Title = "Too many requests",
                            Detail = $"Slow down: try again in {retryAfter} s.",
                        },
                    }
                );
            };
        });
        return builder;
    }

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
