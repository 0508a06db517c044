using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Tasks;

/// <summary>A person's own history of a task: what they changed and what became of it, newest first.</summary>
public static class TaskHistoryApi
{
    public const int MaxLimit = 200;

    public static RouteGroupBuilder MapTaskHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks/{taskId}")
            .RequireAuthorization()
            .WithTags("Tasks")
            .RequireUuidRouteValues("taskId");
        api.MapGet("/history", GetTaskHistory)
            .WithName("getTaskHistory")
            .WithSummary("A task's history, for its owner")
            .WithDescription(
                "Newest first: each change the person made, each attempt's outcome in words (with the vendor's "
                    + "error text), its confirmation, changes seen at the vendor, conflicts and how they were "
                    + $"settled. limit: 1 to {MaxLimit} (50); before: an entry time, for the next page (nextBefore)."
            )
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        return api;
    }

    public static async Task<Results<Ok<TaskHistoryResponse>, ValidationProblem, ProblemHttpResult>> GetTaskHistory(
        string taskId,
        int? limit,
        DateTimeOffset? before,
        ClaimsPrincipal user,
        TaskReader tasks,
        TaskHistoryRepository history,
        CancellationToken cancellationToken
    )
    {
        var pageSize = limit ?? 50;
        if (pageSize is < 1 or > MaxLimit)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"limit must be 1 to {MaxLimit}."] }
            );
        var id = Guid.Parse(taskId);
        if (await tasks.FindOriginAsync(user.Subject(), id, cancellationToken) is not { } origin)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Task not found",
                detail: $"You have no task {id}."
            );
        var vendor = ProviderCatalogue.Find(origin.Source)?.Name ?? origin.Source;
        var rows = await history.ListAsync(user.Subject(), id, pageSize, before, cancellationToken);
        var entries = rows.Select(row => TaskHistoryWording.Describe(row, vendor)).ToList();
        return TypedResults.Ok(new TaskHistoryResponse(entries, entries.Count == pageSize ? entries[^1].At : null));
    }
}
