using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>
/// Process Plan's published API (v4) under /processplan/api/v4, as its public clients call it: a tkn_id header, the
/// template, instance and instance-task lists, respond to complete a pending task (which moves the process on), and
/// start. Ids: th_id is the process's template, ih_id the process, tt_id "{th_id}.{step}", it_id "{ih_id}.{step}".
/// A task is pending until it is done; responding to one whose earlier stages are open is refused (409).
/// </summary>
public static class PpV4Api
{
    public const string BasePath = "/processplan/api/v4";

    public static void MapProcessPlanV4Api(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).AddEndpointFilter(Authenticate);
        api.MapGet("/process_template_header/list", (HttpContext context, PpStore store) =>
            Results.Json(
                new JsonObject
                {
                    ["process_template_header_list"] = Array(
                        Mine(context, store)
                            .DistinctBy(process => process.TemplateId)
                            .Select(process => new JsonObject
                            {
                                ["th_id"] = process.TemplateId,
                                ["th_name"] = process.Name,
                            })
                    ),
                }
            )
        );
        api.MapGet("/process_instance_header/list", (HttpContext context, PpStore store) =>
            Instances(Mine(context, store))
        );
        api.MapGet(
            "/process_template_header/{thId}/process_instance_header/list",
            (string thId, HttpContext context, PpStore store) =>
                Instances(Mine(context, store).Where(process => process.TemplateId == thId))
        );
        api.MapGet(
            "/process_template_header/{thId}/process_template_task/list",
            (string thId, HttpContext context, PpStore store) =>
                Mine(context, store).FirstOrDefault(process => process.TemplateId == thId) is { } process
                    ? Results.Json(
                        new JsonObject
                        {
                            ["process_template_task_list"] = Array(
                                process.Steps.Select(step => new JsonObject
                                {
                                    ["tt_id"] = $"{thId}.{step.Id}",
                                    ["tt_name"] = step.Name,
                                })
                            ),
                        }
                    )
                    : Error(404)
        );
        api.MapGet("/process_template_task/{ttId}/process_instance_task/list/pending", Pending);
        api.MapPost("/process_instance_task/{itId}/respond", Respond);
        api.MapPost("/process_template_header/{thId}/start", Start);
    }

    private static async ValueTask<object?> Authenticate(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var token = invocation.HttpContext.Request.Headers["tkn_id"].ToString();
        if (
            token.Length > 0
            && invocation.HttpContext.RequestServices.GetRequiredService<PpStore>().IsKnownToken(token)
        )
            return await next(invocation);
        await PpJson.WriteError(
            invocation.HttpContext,
            401,
            "unauthorized",
            "The tkn_id header is missing or not a valid API token."
        );
        return Results.Empty;
    }

    private static IEnumerable<PpProcess> Mine(HttpContext context, PpStore store) =>
        store.ProcessesOf(context.Request.Headers["tkn_id"].ToString());

    public static IResult Pending(string ttId, HttpContext context, PpStore store)
    {
        var list = new JsonArray();
        foreach (var process in Mine(context, store))
        {
            lock (process.Sync)
            {
                foreach (
                    var step in process.Steps.Where(step =>
                        $"{process.TemplateId}.{step.Id}" == ttId && step.Status != "completed"
                    )
                )
                {
                    list.Add(
                        new JsonObject
                        {
                            ["it_id"] = $"{process.Id}.{step.Id}",
                            ["it_ih_id"] = process.Id,
                            ["it_instance_description"] = process.Name,
                            ["it_th_obj"] = new JsonObject
                            {
                                ["th_id"] = process.TemplateId,
                                ["th_name"] = process.Name,
                            },
                        }
                    );
                }
            }
        }
        return Results.Json(new JsonObject { ["process_instance_task_list"] = list });
    }

    public static IResult Respond(string itId, HttpContext context, PpStore store, TimeProvider time)
    {
        var (processId, stepId) = itId.Split('.', 2) is [var p, var s] ? (p, s) : ("", "");
        if (
            store.Process(processId) is not { } process
            || process.ApiToken != context.Request.Headers["tkn_id"].ToString()
        )
            return Error(404);
        lock (process.Sync)
        {
            if (process.Steps.FirstOrDefault(step => step.Id == stepId) is not { } step)
                return Error(404);
            if (step.Status == "completed")
                return Error(409, "not_pending", $"Task {itId} is not pending.");
            var open = step
                .DependsOn.Where(id => process.Steps.First(other => other.Id == id).Status != "completed")
                .ToList();
            if (open.Count > 0)
                return Error(
                    409,
                    "stage_not_reached",
                    $"Task {itId} waits for {string.Join(", ", open)} to be completed first."
                );
            var now = time.GetUtcNow();
            step.Status = "completed";
            step.StartedAt ??= now;
            step.CompletedAt = now;
            step.Writes++;
            step.LastWriteAt = now;
            return Results.Json(
                new JsonObject
                {
                    ["it_id"] = itId,
                    ["it_ih_id"] = process.Id,
                    ["result"] = "responded",
                }
            );
        }
    }

    public static IResult Start(string thId, HttpContext context, PpStore store)
    {
        if (Mine(context, store).FirstOrDefault(process => process.TemplateId == thId) is not { } template)
            return Error(404);
        var started = new PpProcess
        {
            Id = $"{thId}-{Guid.NewGuid().ToString("N")[..8]}",
            Name = template.Name,
            TemplateId = thId,
            ApiToken = template.ApiToken,
            Steps = template
                .Steps.Select(step => new PpStep
                {
                    Id = step.Id,
                    Name = step.Name,
                    DependsOn = step.DependsOn,
                })
                .ToList(),
        };
        store.Add(started);
        return Results.Json(new JsonObject { ["ih_id"] = started.Id, ["ih_instance_description"] = started.Name });
    }

    private static IResult Instances(IEnumerable<PpProcess> processes) =>
        Results.Json(
            new JsonObject
            {
                ["process_instance_header_list"] = Array(
                    processes.Select(process => new JsonObject
                    {
                        ["ih_id"] = process.Id,
                        ["ih_instance_description"] = process.Name,
                        ["ih_th_obj"] = new JsonObject { ["th_name"] = process.Name },
                    })
                ),
            }
        );

    private static JsonArray Array(IEnumerable<JsonObject> items) => new([.. items]);

    private static IResult Error(int status, string? code = null, string? message = null) =>
        new PpV4Error(status, code, message);

    private sealed class PpV4Error(int status, string? code, string? message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => PpJson.WriteError(httpContext, status, code, message);
    }
}
