using Microsoft.AspNetCore.Diagnostics;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// A request the framework could not read (broken or wrongly typed JSON, an unknown field, a body over the size
/// limit, a wrong content type) is the client's mistake: its 4xx as problem details, never a 500. Minimal APIs
/// throw these in Development and answer bare 400s elsewhere; this handler makes both the same.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails =
                {
                    Status = badRequest.StatusCode,
                    Title = "The request could not be read",
                    Detail = badRequest.InnerException is System.Text.Json.JsonException json
                        ? $"{badRequest.Message} {json.Message}"
                        : badRequest.Message,
                },
            }
        );
    }
}
