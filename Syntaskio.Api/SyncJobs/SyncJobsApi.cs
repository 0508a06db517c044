using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncJobs;

public static class SyncJobsApi
{
    public static RouteGroupBuilder MapSyncJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sync/jobs").RequireAuthorization().WithTags("Sync jobs");
        api.MapGet("/{id}", GetSyncJob);
        return api;
    }

    public static async Task<Results<Ok<SyncJobResponse>, ValidationProblem, ProblemHttpResult>> GetSyncJob(
        string id, ClaimsPrincipal user, SyncJobRepository jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["id must be a UUID."] });

        var job = await jobs.FindForUserAsync(jobId, user.Subject(), cancellationToken);
        return job is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Sync job not found")
            : TypedResults.Ok(SyncJobResponse.From(job));
    }
}
