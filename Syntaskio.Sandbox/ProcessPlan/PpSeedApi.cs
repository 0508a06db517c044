namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>
/// POST /_sandbox/objects/processplan: an API token and a process with its ordered steps (and, for v4, the template it
/// runs: templateId, default "{processId}-template").
/// </summary>
public static class PpSeedApi
{
    public static void MapProcessPlanSeed(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/objects/processplan", Seed);
        app.MapPut(
            "/_sandbox/objects/processplan/{processId}/lock",
            (string processId, PpLockRequest request, PpStore store) =>
            {
                if (store.Process(processId) is not { } process)
                    return Results.NotFound();
                lock (process.Sync)
                    process.Lock = request.Lock;
                return Results.NoContent();
            }
        );
    }

    public static IResult Seed(PpSeedRequest request, PpStore store)
    {
        if (
            string.IsNullOrEmpty(request.ApiToken)
            || string.IsNullOrEmpty(request.ProcessId)
            || request.Steps is not { Count: > 0 }
        )
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["body"] = ["apiToken, processId and at least one step are required."],
                }
            );
        if (request.Lock is not (null or "temporary" or "permanent"))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["lock"] = ["lock must be null, temporary or permanent."] }
            );
        store.AddToken(request.ApiToken);
        store.Add(
            new PpProcess
            {
                Id = request.ProcessId,
                Name = request.Name ?? request.ProcessId,
                TemplateId = request.TemplateId ?? $"{request.ProcessId}-template",
                ApiToken = request.ApiToken,
                Lock = request.Lock,
                Steps = request
                    .Steps.Select(step => new PpStep
                    {
                        Id = step.Id,
                        Name = step.Name ?? step.Id,
                        Status = step.Status ?? "pending",
                        DependsOn = step.DependsOn ?? [],
                    })
                    .ToList(),
            }
        );
        return TypedResults.Created($"/_sandbox/objects/processplan/{request.ProcessId}");
    }
}

public sealed record PpSeedRequest(
    string? ApiToken,
    string? ProcessId,
    string? Name,
    string? Lock,
    List<PpStepSeed>? Steps,
    string? TemplateId = null
);

public sealed record PpStepSeed(string Id, string? Name, string? Status, List<string>? DependsOn);

public sealed record PpLockRequest(string? Lock);
