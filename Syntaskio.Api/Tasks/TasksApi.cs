using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Api.SyncJobs;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Scheduling;

namespace Syntaskio.Api.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").RequireAuthorization().WithTags("Tasks").RequireUuidRouteValues("taskId");
        api.MapGet("/", GetTasks)
            .WithSummary("The caller's tasks")
            .WithDescription("Every task of the caller from every vendor, with its latest sync job.");
        var changes = api.MapGroup("/{taskId}")
            .RequireRateLimiting(RequestRateLimits.Writes)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes
            .MapPost("/complete", CompleteTask)
            .WithSummary("Complete a task at its vendor")
            .WithDescription(
                "Records the change and schedules its sync (202 with the sync job). 400: a malformed id "
                    + "or Idempotency-Key; 404: no such task of the caller; 422: the Idempotency-Key was used for "
                    + "another "
                    + "change."
            );
        changes
            .MapPost("/reopen", ReopenTask)
            .WithSummary("Reopen a task at its vendor")
            .WithDescription("As complete, towards pending.");
        changes
            .MapPost("/start", StartTask)
            .WithSummary("Start a Process Plan step")
            .WithDescription("As complete, towards in progress; 400 for a task that is not a process step.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<TaskResponse>>> GetTasks(
        ClaimsPrincipal user,
        TaskReader tasks,
        ProviderRouter providers,
        CancellationToken cancellationToken
    )
    {
        var rows = await tasks.ListForUserAsync(user.Subject(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TaskResponse>>(
            rows.Select(task => TaskResponse.From(task, providers.For(task.Source).CapabilitiesOf(task.Kind))).ToList()
        );
    }

    public static Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> CompleteTask(
        string taskId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    ) =>
        RequestSync(
            Guid.Parse(taskId),
            SyncAction.Complete,
            idempotencyKey,
            user,
            context,
            scheduler,
            cancellationToken
        );

    public static Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> ReopenTask(
        string taskId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    ) =>
        RequestSync(Guid.Parse(taskId), SyncAction.Reopen, idempotencyKey, user, context, scheduler, cancellationToken);

    /// <summary>
    /// Moves a process step to in_progress; the other task kinds have no "started" state at their vendor.
    /// </summary>
    public static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> StartTask(
        string taskId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        TaskReader tasks,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.Parse(taskId);
        if (
            await tasks.FindKindAsync(user.Subject(), id, cancellationToken) is { } kind
            && kind != TaskKinds.ProcessStep
        )
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Only process steps can be started",
                detail: $"Task {id} is a {kind}; start applies to Process Plan steps. Use complete or reopen."
            );
        }
        return await RequestSync(id, SyncAction.Start, idempotencyKey, user, context, scheduler, cancellationToken);
    }

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> RequestSync(
        Guid id,
        SyncAction action,
        string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        if (
            idempotencyKey is not null
            && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < '!' or > '~'))
        )
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    [IdempotencyKeyHeader] = ["Idempotency-Key must be 1-200 visible ASCII characters."],
                }
            );
        }

        var result = await scheduler.RequestAsync(
            user.Subject(),
            id,
            action,
            idempotencyKey,
            cancellationToken,
            context.Connection.RemoteIpAddress?.ToString()
        );
        return result.Outcome switch
        {
            SyncRequestOutcome.Accepted or SyncRequestOutcome.Replayed => TypedResults.Accepted(
                $"/api/sync/jobs/{result.Job!.Id}",
                SyncJobResponse.From(result.Job)
            ),
            SyncRequestOutcome.KeyReused => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key already used",
                detail: "This Idempotency-Key was used for a different task or action; use a new key for a new change."
            ),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Task not found",
                detail: $"You have no task {id}."
            ),
        };
    }
}
