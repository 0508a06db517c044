using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Api.SyncJobs;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Scheduling;

namespace Syntaskio.Api.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").RequireAuthorization().WithTags("Tasks");
        api.MapGet("/", GetTasks);
        api.MapPost("/{taskId}/complete", CompleteTask);
        api.MapPost("/{taskId}/reopen", ReopenTask);
        api.MapPost("/{taskId}/start", StartTask);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<TaskResponse>>> GetTasks(ClaimsPrincipal user, TaskRepository tasks, CancellationToken cancellationToken)
    {
        var rows = await tasks.ListForUserAsync(user.Subject(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TaskResponse>>(rows.Select(TaskResponse.From).ToList());
    }

    public static Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> CompleteTask(
        string taskId, ClaimsPrincipal user, SyncScheduler scheduler, CancellationToken cancellationToken) =>
        RequestSync(taskId, SyncAction.Complete, user, scheduler, cancellationToken);

    public static Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> ReopenTask(
        string taskId, ClaimsPrincipal user, SyncScheduler scheduler, CancellationToken cancellationToken) =>
        RequestSync(taskId, SyncAction.Reopen, user, scheduler, cancellationToken);

    /// <summary>Moves a process step to in_progress; the other task kinds have no "started" state at their vendor.</summary>
    public static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> StartTask(
        string taskId, ClaimsPrincipal user, TaskRepository tasks, SyncScheduler scheduler, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(taskId, out var id) && await tasks.FindKindAsync(user.Subject(), id, cancellationToken) is { } kind && kind != "process_step")
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Only process steps can be started",
                detail: $"Task {id} is a {kind}; start applies to Process Plan steps. Use complete or reopen.");
        }
        return await RequestSync(taskId, SyncAction.Start, user, scheduler, cancellationToken);
    }

    private static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> RequestSync(
        string taskId, SyncAction action, ClaimsPrincipal user, SyncScheduler scheduler, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(taskId, out var id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["taskId"] = ["taskId must be a UUID."] });

        var job = await scheduler.RequestAsync(user.Subject(), id, action, cancellationToken);
        if (job is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found", detail: $"You have no task {id}.");
        return TypedResults.Accepted($"/api/sync/jobs/{job.Id}", SyncJobResponse.From(job));
    }
}
