using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// A database outage is a 503 the client may retry, not a 500 and never a 404: nothing was accepted, so the
/// client must know to send the change again.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<DatabaseUnavailableExceptionHandler> logger
) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (!IsOutage(exception))
            return false;

        logger.LogWarning(exception, "Database unavailable while serving {Path}", httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Database unavailable",
                    Detail = "The change was not recorded. Send it again shortly.",
                },
            }
        );
    }

    // Hangfire wraps what its storage threw (BackgroundJobClientException), so the whole chain is looked at.
    private static bool IsOutage(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is NpgsqlException { IsTransient: true } or TimeoutException)
                return true;
        return false;
    }
}
