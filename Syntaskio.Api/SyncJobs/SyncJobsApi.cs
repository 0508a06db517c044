using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Scheduling;

namespace Syntaskio.Api.SyncJobs;

public static class SyncJobsApi
{
    private static readonly string[] Statuses =
    [
        SyncStatus.Pending,
        SyncStatus.Processing,
        SyncStatus.Completed,
        SyncStatus.Failed,
        SyncStatus.Superseded,
    ];

    public static RouteGroupBuilder MapSyncJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sync/jobs")
            .RequireAuthorization()
            .WithTags("Sync jobs")
            .RequireUuidRouteValues("id");
        api.MapGet("/", ListSyncJobs)
            .WithName("listSyncJobs")
            .WithSummary("The caller's sync jobs")
            .WithDescription("Newest first; ?status=failed lists the caller's dead letters.");
        api.MapGet("/{id}", GetSyncJob)
            .WithName("getSyncJob")
            .WithSummary("One sync job")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The story's SyncJob: status, attempts, the vendor's error. 404 for another's job.");
        api.MapPost("/{id}/retry", RetrySyncJob)
            .WithName("retrySyncJob")
            .RequireRateLimiting(RequestRateLimits.Writes)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Retry a dead letter")
            .WithDescription("Requeues a failed sync job with fresh retries (202); 409 when it has not failed.");
        api.MapPost("/retry", RetryDeadLetters)
            .WithName("retryDeadLetters")
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("Retry the caller's dead letters of one provider")
            .WithDescription("After reconnecting an account: every failed sync of that provider requeued.");
        api.MapGet("/{id}/attempts", GetAttempts)
            .WithName("listSyncAttempts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A sync job's vendor calls")
            .WithDescription("Each attempt: when, how long, the outcome, the vendor's status and error.");
        api.MapPost("/{id}/resolve", ResolveConflict)
            .WithName("resolveConflict")
            .RequireRateLimiting(RequestRateLimits.Writes)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Settle a conflict")
            .WithDescription(
                "keep-source (200) takes the vendor's state; push-ours (202) writes ours over it; "
                    + "409 when the job is not an open conflict."
            );
        return api;
    }

    /// <summary>The caller's sync jobs, newest first; ?status=failed is the caller's dead-letter queue.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SyncJobResponse>>, ValidationProblem>> ListSyncJobs(
        string? status,
        int? limit,
        ClaimsPrincipal user,
        SyncJobRepository jobs,
        CancellationToken cancellationToken
    )
    {
        if (status is not null && !Statuses.Contains(status))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["status"] = [$"status must be one of {string.Join(", ", Statuses)}."],
                }
            );
        if (limit is < 1 or > 500)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = ["limit must be 1-500."] }
            );
        var rows = await jobs.ListForUserAsync(user.Subject(), status, limit ?? 100, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SyncJobResponse>>(rows.Select(SyncJobResponse.From).ToList());
    }

    public static async Task<Results<Ok<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> GetSyncJob(
        string id,
        ClaimsPrincipal user,
        SyncJobRepository jobs,
        CancellationToken cancellationToken
    )
    {
        var jobId = Guid.Parse(id);
        var job = await jobs.FindForUserAsync(jobId, user.Subject(), cancellationToken);
        return job is null ? NotFound() : TypedResults.Ok(SyncJobResponse.From(job));
    }

    /// <summary>Every provider call of the caller's sync job: the audit trail support and users read.</summary>
    public static async Task<
        Results<Ok<IReadOnlyList<SyncAttemptResponse>>, ValidationProblem, ProblemHttpResult>
    > GetAttempts(
        string id,
        ClaimsPrincipal user,
        SyncJobRepository jobs,
        SyncAttemptRepository attempts,
        CancellationToken cancellationToken
    )
    {
        var jobId = Guid.Parse(id);
        if (await jobs.FindForUserAsync(jobId, user.Subject(), cancellationToken) is null)
            return NotFound();
        var calls = await attempts.ListForUserAsync(jobId, user.Subject(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SyncAttemptResponse>>(calls.Select(SyncAttemptResponse.From).ToList());
    }

    /// <summary>After reconnecting: every dead letter of one provider requeued with fresh retries, in one go.</summary>
    public static async Task<Results<Ok<BulkRetryResponse>, ValidationProblem>> RetryDeadLetters(
        BulkRetryRequest request,
        ClaimsPrincipal user,
        ManualRetry retry,
        CancellationToken cancellationToken
    )
    {
        if (
            request.Provider is null
            || !TaskKinds.Sources.Contains(request.Provider)
            || request.Status != SyncStatus.Failed
        )
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["body"] =
                    [
                        $"Give {{\"provider\": one of {string.Join(", ", TaskKinds.Sources)}, \"status\": "
                            + $"\"failed\"}}.",
                    ],
                }
            );
        }
        return TypedResults.Ok(
            new BulkRetryResponse(await retry.RequeueFailedAsync(user.Subject(), request.Provider, cancellationToken))
        );
    }

    /// <summary>Requeues a failed job with a fresh set of retries; the dashboard's Requeue does the same.</summary>
    public static async Task<Results<Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> RetrySyncJob(
        string id,
        ClaimsPrincipal user,
        ManualRetry retry,
        CancellationToken cancellationToken
    )
    {
        var jobId = Guid.Parse(id);
        var (outcome, job) = await retry.RequeueAsync(user.Subject(), jobId, cancellationToken);
        return outcome switch
        {
            ManualRetryOutcome.Requeued => TypedResults.Accepted($"/api/sync/jobs/{jobId}", SyncJobResponse.From(job!)),
            ManualRetryOutcome.NotFailed => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Only failed sync jobs can be retried",
                detail: $"Sync job {jobId} is {job!.Status}."
            ),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// Settles a conflict: "keep-source" accepts what the source shows (nothing is written; 200), "push-ours" writes
    /// our change again over it (a new sync job; 202). 409 when the job is not an unsettled conflict.
    /// </summary>
    public static async Task<
        Results<Ok<SyncJobResponse>, Accepted<SyncJobResponse>, ValidationProblem, ProblemHttpResult>
    > ResolveConflict(
        string id,
        ConflictChoice body,
        ClaimsPrincipal user,
        HttpContext context,
        SyncJobRepository jobs,
        SyncScheduler scheduler,
        CancellationToken cancellationToken
    )
    {
        var jobId = Guid.Parse(id);
        if (body.Choice is not (ConflictChoice.KeepSource or ConflictChoice.PushOurs))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["choice"] = [$"choice must be {ConflictChoice.KeepSource} or {ConflictChoice.PushOurs}."],
                }
            );
        var subject = user.Subject();
        if (body.Choice == ConflictChoice.KeepSource)
        {
            if (await scheduler.KeepSourceOverConflictAsync(subject, jobId, cancellationToken) is { } kept)
                return TypedResults.Ok(SyncJobResponse.From(kept));
        }
        else if (
            await scheduler.PushOverConflictAsync(
                subject,
                jobId,
                context.Connection.RemoteIpAddress?.ToString(),
                cancellationToken
            ) is
            { } pushed
        )
        {
            return TypedResults.Accepted($"/api/sync/jobs/{pushed.Id}", SyncJobResponse.From(pushed));
        }
        return await jobs.FindForUserAsync(jobId, subject, cancellationToken) is { } job
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Not an open conflict",
                detail: $"Sync job {jobId} is "
                    + $"{job.Status}{(job.Resolution is { } done ? $", already settled ({done})" : "")}; only the "
                    + $"latest change of a task that met a conflict can be settled."
            )
            : NotFound();
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Sync job not found");
}

public sealed record BulkRetryRequest(string? Provider, string? Status);

public sealed record BulkRetryResponse(int Requeued);
