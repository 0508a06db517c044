using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// Applies the limit a route names with <c>RequireRateLimiting</c>: <see cref="RequestRateLimits.Writes"/> from the
/// user's bucket in PostgreSQL, shared by every API node; <see cref="RequestRateLimits.Anonymous"/> from the address's
/// bucket in memory, so a flood of a route that takes no token is refused before it reaches the database. Refused:
/// 429 problem details with Retry-After. ASP.NET Core's own rate limiting middleware is not used: it wakes every
/// 100 ms, for ever, to tend its in-memory limiters, even on a node no one calls.
/// </summary>
public sealed class RequestRateLimitMiddleware(
    RequestDelegate next,
    AddressBuckets addresses,
    UserWriteBucketRepository users,
    IOptions<RateLimitOptions> options
)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var wait = policy switch
        {
            RequestRateLimits.Writes => await users.TryTakeAsync(
                // Anonymous callers never reach a write (401 first); the address is only a fallback key.
                context.User.FindFirst("sub")?.Value
                    ?? RequestRateLimits.AddressOf(context),
                options.Value.Burst,
                options.Value.PermitsPerSecond,
                context.RequestAborted
            ),
            RequestRateLimits.Anonymous => addresses.TryTake(RequestRateLimits.AddressOf(context)),
            null => null,
            _ => throw new InvalidOperationException($"No rate limit is named '{policy}'."),
        };
        if (wait is { } retryAfter)
            await RefuseAsync(context, retryAfter);
        else
            await next(context);
    }

    private static async Task RefuseAsync(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"Slow down: try again in {seconds} s.",
                },
            }
        );
    }
}
