using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>Steps, processes and errors as the story's Process Plan contract describes them.</summary>
public static class PpJson
{
    public static JsonObject Step(PpProcess process, PpStep step) =>
        new()
        {
            ["id"] = step.Id,
            ["processId"] = process.Id,
            ["name"] = step.Name,
            ["status"] = step.Status,
            ["dependsOn"] = new JsonArray(step.DependsOn.Select(id => (JsonNode)id).ToArray()),
            ["startedAt"] = step.StartedAt?.ToString("O"),
            ["completedAt"] = step.CompletedAt?.ToString("O"),
        };

    public static JsonObject Process(PpProcess process) =>
        new()
        {
            ["id"] = process.Id,
            ["name"] = process.Name,
            ["status"] = process.Status,
            ["locked"] = process.Lock is not null,
            ["steps"] = new JsonArray(process.Steps.Select(step => (JsonNode)Step(process, step)).ToArray()),
        };

    public static Task WriteError(HttpContext context, int status, string? code = null, string? message = null)
    {
        var (defaultCode, defaultMessage) = status switch
        {
            400 => ("invalid_request", "The request body is invalid."),
            401 => ("unauthorized", "The API token is missing or not valid."),
            403 => ("forbidden", "The token may not change this process."),
            404 => ("not_found", "No such process or step."),
            429 => ("rate_limited", "Too many requests."),
            _ => ("server_error", "Process Plan had an internal error."),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(
            new JsonObject { ["code"] = code ?? defaultCode, ["message"] = message ?? defaultMessage }.ToJsonString()
        );
    }
}
