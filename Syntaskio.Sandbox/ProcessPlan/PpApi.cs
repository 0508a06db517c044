using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>
/// Process Plan under /processplan/api/v1, from the story's contract: PATCH /processes/{processId}/steps/{stepId}
/// with status completed or in_progress and its timestamp. Completing needs the step's dependencies completed
/// (409); a step never goes back to pending (422); a locked process answers 423; the process advances by itself.
/// </summary>
public static class PpApi
{
    public const string BasePath = "/processplan/api/v1";
    private static readonly HashSet<string> WritableFields = ["status", "startedAt", "completedAt"];

    public static void MapProcessPlanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).AddEndpointFilter(Authenticate);
        api.MapGet("/processes/{processId}", (string processId, PpStore store) => GetProcess(store, processId));
        api.MapGet("/processes/{processId}/steps/{stepId}", (string processId, string stepId, PpStore store) =>
            GetStep(store, processId, stepId)
        );
        api.MapPatch("/processes/{processId}/steps/{stepId}", PatchStep);
    }

    private static async ValueTask<object?> Authenticate(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var header = invocation.HttpContext.Request.Headers.Authorization.ToString();
        var store = invocation.HttpContext.RequestServices.GetRequiredService<PpStore>();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && store.IsKnownToken(header["Bearer ".Length..]))
            return await next(invocation);
        await PpJson.WriteError(invocation.HttpContext, 401);
        return Results.Empty;
    }

    public static IResult GetProcess(PpStore store, string processId)
    {
        if (store.Process(processId) is not { } process)
            return Error(404);
        lock (process.Sync)
            return Results.Json(PpJson.Process(process));
    }

    public static IResult GetStep(PpStore store, string processId, string stepId)
    {
        if (store.Process(processId) is not { } process)
            return Error(404);
        lock (process.Sync)
            return process.Steps.FirstOrDefault(step => step.Id == stepId) is { } found
                ? Results.Json(PpJson.Step(process, found))
                : Error(404);
    }

    public static async Task<IResult> PatchStep(
        HttpContext context,
        string processId,
        string stepId,
        PpStore store,
        TimeProvider time
    )
    {
        if (store.Process(processId) is not { } process)
            return Error(404);
        JsonObject? patch;
        try
        {
            patch =
                await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)
                as JsonObject;
        }
        catch (JsonException)
        {
            patch = null;
        }
        if (patch is null || patch.Any(field => !WritableFields.Contains(field.Key)))
            return Error(
                400,
                "invalid_request",
                $"The body must be a JSON object with only {string.Join(", ", WritableFields)}."
            );
        if ((string?)patch["status"] is not { } status || !PpStore.Statuses.Contains(status))
            return Error(422, "invalid_status", $"status must be one of {string.Join(", ", PpStore.Statuses)}.");

        lock (process.Sync)
        {
            if (process.Lock == "temporary")
            {
                context.Response.Headers.RetryAfter = "2";
                return Error(423, "process_locked", $"Process {process.Id} is being edited; try again shortly.");
            }
            if (process.Lock == "permanent")
                return Error(423, "process_locked", $"Process {process.Id} is locked by an administrator.");
            if (process.Steps.FirstOrDefault(step => step.Id == stepId) is not { } step)
                return Error(404);
            if (status == "pending" && step.Status != "pending")
                return Error(
                    422,
                    "invalid_transition",
                    $"Step {step.Id} is {step.Status} and cannot go back to pending."
                );
            var unmet = step
                .DependsOn.Where(id => process.Steps.First(other => other.Id == id).Status != "completed")
                .ToList();
            if (status == "completed" && unmet.Count > 0)
                return Error(
                    409,
                    "dependency_not_met",
                    $"Step {step.Id} depends on {string.Join(", ", unmet)}, which are not completed."
                );

            var now = time.GetUtcNow();
            step.Status = status;
            step.StartedAt = status == "in_progress" ? Timestamp(patch["startedAt"]) ?? now : step.StartedAt ?? now;
            step.CompletedAt = status == "completed" ? Timestamp(patch["completedAt"]) ?? now : null;
            step.Writes++;
            step.LastWriteAt = now;
            return Results.Json(PpJson.Step(process, step));
        }
    }

    private static DateTimeOffset? Timestamp(JsonNode? value) =>
        value is JsonValue text && DateTimeOffset.TryParse(text.ToString(), out var parsed) ? parsed : null;

    private static IResult Error(int status, string? code = null, string? message = null) =>
        new PpErrorResult(status, code, message);

    private sealed class PpErrorResult(int status, string? code, string? message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => PpJson.WriteError(httpContext, status, code, message);
    }
}
