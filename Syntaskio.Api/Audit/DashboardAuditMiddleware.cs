using Syntaskio.Api.Auth;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Audit;

/// <summary>
/// Support actions in the Hangfire dashboard (Requeue, Delete: its POSTs) are recorded with who did them, after
/// the dashboard answered. Runs after authorization, so the user is the dashboard session's.
/// </summary>
public sealed class DashboardAuditMiddleware(
    RequestDelegate next,
    AuditLogRepository audit,
    ILogger<DashboardAuditMiddleware> logger
)
{
    public const string DashboardPath = "/hangfire";

    /// <summary>An action that finds its own jobs (a dead-letter group retry) names them here for the audit.</summary>
    public const string JobIdsItem = "Syntaskio.Audit.JobIds";

    public async Task InvokeAsync(HttpContext context)
    {
        // The dashboard's live counters POST to /stats every few seconds: that is reading, not acting.
        if (
            !HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Path.StartsWithSegments(DashboardPath, out var action)
            || action.Value is null
            || action.Value.StartsWith("/stats", StringComparison.Ordinal)
        )
        {
            await next(context);
            return;
        }
        var jobIds = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted))["jobs[]"].OfType<string>().ToList()
            : [];
        var jobFromPath = action
            .Value.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(part => part.All(char.IsAsciiDigit));
        if (jobIds.Count == 0 && jobFromPath is not null)
            jobIds.Add(jobFromPath);
        await next(context);
        if (context.Items[JobIdsItem] is IReadOnlyList<string> found)
            jobIds.AddRange(found);

        var actor = context.User.Identity?.IsAuthenticated == true ? context.User.Subject() : "anonymous";
        var outcome = context.Response.StatusCode < 400 ? "done" : $"refused ({context.Response.StatusCode})";
        await audit.RecordSupportActionAsync(
            actor,
            "dashboard" + action.Value,
            jobIds,
            context.Connection.RemoteIpAddress?.ToString(),
            outcome,
            CancellationToken.None
        );
        logger.LogInformation(
            "Support action {Action} on {Count} jobs by {Actor}: {Outcome}",
            action.Value,
            jobIds.Count,
            actor,
            outcome
        );
    }
}
