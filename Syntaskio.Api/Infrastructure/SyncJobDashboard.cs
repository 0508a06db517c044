using System.Globalization;
using System.Net;
using System.Text;
using Hangfire.Common;
using Hangfire.Dashboard;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// What the support dashboard says of a sync job (docs/support.md): a name that says the change, the task
/// and the person in every list, and a Syntaskio section on the job's page with the task at the vendor, every attempt
/// with its vendor error, and the task's audit trail. Only what support needs to find and settle a change is shown;
/// never a credential.
/// </summary>
public static class SyncJobDashboard
{
    private const int MaxTitleLength = 60;

    /// <summary>"Complete Microsoft To Do task 'Send the report' (ada)"; Hangfire's own name for other jobs.
    /// </summary>
    public static string NameOf(DashboardContext context, Job job)
    {
        if (SyncTaskJob.SyncJobIdOf(job) is not { } syncJobId)
            return job.ToString();
        var sync = Repository<SyncJobRepository>(context).Describe(syncJobId);
        if (sync is null)
            return $"Sync {syncJobId} (its record has been removed)";
        var title = sync.Title.Length > MaxTitleLength ? $"{sync.Title[..MaxTitleLength]}…" : sync.Title;
        var action = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(sync.Action);
        return $"{action} {ProviderRouter.NameOf(sync.Source)} task '{title}' ({sync.Subject})";
    }

    /// <summary>The Syntaskio section of a sync job's page in the dashboard.</summary>
    public static NonEscapedString RenderSection(JobDetailsRendererDto details)
    {
        if (SyncTaskJob.SyncJobIdOf(details.JobDetails.Job) is not { } syncJobId)
            return new NonEscapedString("");
        var context = details.Page.Context;
        if (Repository<SyncJobRepository>(context).Describe(syncJobId) is not { } sync)
            return new NonEscapedString("");
        var attempts = Repository<SyncAttemptRepository>(context).ListForJob(syncJobId);
        var html = new StringBuilder("<h3>Syntaskio</h3><table class=\"table table-condensed syntaskio-sync\">");
        void Row(string name, string? value) =>
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{name}</th><td>{Encode(value)}</td></tr>");
        Row("Task", sync.Title);
        Row("Person", sync.Subject);
        Row("Vendor", ProviderRouter.NameOf(sync.Source));
        Row("External id", sync.ContainerId is null ? sync.ExternalId : $"{sync.ContainerId}/{sync.ExternalId}");
        Row("Change", $"{sync.Action} ({sync.Kind})");
        Row("Sync job", $"{sync.Id}: {sync.Status}, {sync.Attempts} of {sync.MaxAttempts} calls");
        Row("Last error", sync.Error ?? "none");
        var audit = $"/api/admin/audit?taskId={sync.TaskId}";
        html.Append(
            CultureInfo.InvariantCulture,
            $"<tr><th>Audit trail</th><td><a href=\"{Encode(audit)}\">{Encode(audit)}</a></td></tr></table>"
        );
        html.Append("<h4>Attempts</h4><table class=\"table table-condensed syntaskio-attempts\">")
            .Append("<tr><th>#</th><th>started</th><th>ms</th><th>outcome</th><th>HTTP</th><th>vendor error</th></tr>");
        foreach (var attempt in attempts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{attempt.Attempt}</td><td>{attempt.StartedAt:O}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{attempt.DurationMs}</td>")
                .Append(
                    CultureInfo.InvariantCulture,
                    $"<td>{Encode(attempt.Outcome)}</td><td>{attempt.HttpStatus}</td>"
                )
                .Append(CultureInfo.InvariantCulture, $"<td>{Encode(attempt.Error)}</td></tr>");
        }
        return new NonEscapedString(html.Append("</table>").ToString());
    }

    private static T Repository<T>(DashboardContext context)
        where T : notnull => context.GetHttpContext().RequestServices.GetRequiredService<T>();

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
