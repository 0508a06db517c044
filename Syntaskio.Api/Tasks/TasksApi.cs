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
using Syntaskio.Providers;

namespace Syntaskio.Api.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").RequireAuthorization().WithTags("Tasks").RequireUuidRouteValues("taskId");
        api.MapGet("/", GetTasks)
            .WithName("listTasks")
            .WithSummary("The caller's tasks")
            .WithDescription("Every task of the caller from every vendor, with its latest sync job.");
        var changes = api.MapGroup("/{taskId}")
            .RequireRateLimiting(RequestRateLimits.Writes)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes
            .MapPost("/complete", CompleteTask)
            .WithName("completeTask")
            .WithSummary("Complete a task at its vendor")
            .WithDescription(
                "Records the change and schedules its sync (202 with the sync job). 400: a malformed id "
                    + "or Idempotency-Key; 404: no such task of the caller; 422: the Idempotency-Key was used for "
                    + "another "
                    + "change."
            );
        changes
            .MapPost("/reopen", ReopenTask)
            .WithName("reopenTask")
            .WithSummary("Reopen a task at its vendor")
            .WithDescription("As complete, towards pending.");
        changes
            .MapPost("/start", StartTask)
            .WithName("startTask")
            .WithSummary("Mark a task in progress at its vendor")
            .WithDescription(
                "As complete, towards in progress: To Do's inProgress, a ConnectWise ticket's in-progress status on "
                    + "its board, a Process Plan step started. 400 for a kind with no such state (canStart false)."
            );
        changes
            .MapPut("/status", UpdateTaskStatus)
            .WithName("updateTaskStatus")
            .WithSummary("Set a task's status at its vendor")
            .WithDescription(
                "The update action: pending, in_progress or completed, recorded as 'update' and synced as the "
                    + "other actions are. 400: an unknown status (nothing written), or in_progress for a kind "
                    + "without it."
            );
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
            new RequestedSync(Guid.Parse(taskId), SyncAction.Complete, null, idempotencyKey),
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
        RequestSync(
            new RequestedSync(Guid.Parse(taskId), SyncAction.Reopen, null, idempotencyKey),
            user,
            context,
            scheduler,
            cancellationToken
        );

    /// <summary>
    /// Moves a task to in progress at its vendor; a kind with no such state there is refused, and why.
    /// </summary>
    public static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> StartTask(
        string taskId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        TaskReader tasks,
        ProviderRouter providers,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.Parse(taskId);
        if (await RefuseStartAsync(user, id, tasks, providers, cancellationToken) is { } refused)
            return refused;
        var sync = new RequestedSync(id, SyncAction.Start, null, idempotencyKey);
        return await RequestSync(sync, user, context, scheduler, cancellationToken);
    }

    /// <summary>The story's update action: any of the three statuses, by the same path as the other actions.</summary>
    public static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> UpdateTaskStatus(
        string taskId,
        TaskStatusUpdate update,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        TaskReader tasks,
        ProviderRouter providers,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        if (update.Status is not (TaskStatusNames.Pending or TaskStatusNames.InProgress or TaskStatusNames.Completed))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = ["status must be pending, in_progress or completed."] },
                title: "The status was refused; nothing was written"
            );
        }
        var id = Guid.Parse(taskId);
        var target = TaskStatusNames.Parse(update.Status);
        if (
            target == TargetStatus.InProgress
            && await RefuseStartAsync(user, id, tasks, providers, cancellationToken) is { } refused
        )
            return refused;
        var sync = new RequestedSync(id, SyncAction.Update, target, idempotencyKey);
        return await RequestSync(sync, user, context, scheduler, cancellationToken);
    }

    private static async Task<ProblemHttpResult?> RefuseStartAsync(
        ClaimsPrincipal user,
        Guid id,
        TaskReader tasks,
        ProviderRouter providers,
        CancellationToken cancellationToken
    )
    {
        if (await tasks.FindOriginAsync(user.Subject(), id, cancellationToken) is not { } origin)
            return null;
        var capabilities = providers.For(origin.Source).CapabilitiesOf(origin.Kind);
        return capabilities.CanStart
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "This task cannot be marked in progress",
                detail: $"Task {id} is a {origin.Kind}: {capabilities.NoStartReason} Use complete or reopen."
            );
    }

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private sealed record RequestedSync(Guid Id, SyncAction Action, TargetStatus? Target, string? IdempotencyKey);

    private static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> RequestSync(
        RequestedSync sync,
        ClaimsPrincipal user,
        HttpContext context,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        var (id, action, target, idempotencyKey) = sync;
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
            context.Connection.RemoteIpAddress?.ToString(),
            target
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
