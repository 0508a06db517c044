using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}, as
/// documented for Microsoft Graph v1.0 (ODataError in the published OpenAPI description).
/// </summary>
public static class GraphErrors
{
    public static Task Write(HttpContext context, int status, string? code = null, string? message = null)
    {
        var (defaultCode, defaultMessage) = status switch
        {
            400 => ("invalidRequest", "Invalid request."),
            401 => ("InvalidAuthenticationToken", "Access token validation failure."),
            403 => ("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
            404 => ("ErrorItemNotFound", "The specified object was not found in the store."),
            429 => ("TooManyRequests", "The request has been throttled."),
            503 => ("ServiceNotAvailable", "The service is temporarily unavailable."),
            504 => ("GatewayTimeout", "The gateway timed out."),
            _ => ("generalException", "An internal server error occurred."),
        };
        var requestId = Guid.NewGuid().ToString();
        context.Response.StatusCode = status;
        context.Response.Headers["request-id"] = requestId;
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code ?? defaultCode,
                ["message"] = message ?? defaultMessage,
                ["innerError"] = new JsonObject
                {
                    ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss"),
                    ["request-id"] = requestId,
                    ["client-request-id"] = context.Request.Headers["client-request-id"].FirstOrDefault() ?? requestId,
                },
            },
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
