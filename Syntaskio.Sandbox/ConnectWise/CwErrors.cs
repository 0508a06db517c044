using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>ConnectWise's error body: {"code","message","errors":[{"code","message","resource","field"}]}.</summary>
public static class CwErrors
{
    public static Task Write(
        HttpContext context,
        int status,
        string? code = null,
        string? message = null,
        JsonArray? errors = null
    )
    {
        var (defaultCode, defaultMessage) = status switch
        {
            400 => ("InvalidObject", "The object is invalid."),
            401 => ("Unauthorized", "Authentication failed: the API member's keys or the clientId are not valid."),
            403 => ("Security", "You do not have permission to perform this action."),
            404 => ("NotFound", "The record was not found."),
            429 => ("TooManyRequests", "Too many requests. Please slow down."),
            _ => ("UnexpectedError", "An unexpected error occurred."),
        };
        var body = new JsonObject { ["code"] = code ?? defaultCode, ["message"] = message ?? defaultMessage };
        if (errors is not null)
            body["errors"] = errors;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static JsonArray Detail(string code, string message, string resource, string field) =>
        [
            new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["resource"] = resource,
                ["field"] = field,
            },
        ];
}
