using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/audit").RequireAuthorization(SupportPolicies.Support).WithTags("Support");
        api.MapGet("/", GetAudit)
            .WithName("getAuditTrail")
            .WithSummary("A task's audit trail (support only)")
            .WithDescription("Who changed the task, from and to which status, from where, and every attempt.");
        return api;
    }

    /// <summary>
    /// A task's audit trail, newest first: status change requests, sync attempts and support actions.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntryResponse>>, ValidationProblem>> GetAudit(
        string? taskId,
        int? limit,
        AuditLogRepository audit,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(taskId, out var id))
            errors["taskId"] = ["taskId is required and must be a UUID."];
        if (limit is < 1 or > 1000)
            errors["limit"] = ["limit must be 1-1000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var entries = await audit.ListForTaskAsync(id, limit ?? 200, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AuditEntryResponse>>(entries.Select(AuditEntryResponse.From).ToList());
    }
}
