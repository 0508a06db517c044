using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Server;
using Syntaskio.Jobs.Monitoring;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// Carries the trace of the request that made a change into its sync job, which runs later and often in another
/// process: the request's W3C trace context goes with the job as a job parameter (never an argument), and each
/// attempt runs in a span of that trace, so the vendor calls under it join the request's trace.
/// </summary>
public sealed class TraceContextFilter : IClientFilter, IServerFilter
{
    public const string TraceParent = "TraceParent";
    private const string AttemptSpan = "Syntaskio.AttemptSpan";

    // ASP.NET Core gives every request an activity for its log scopes, traced or not: a parameter written for each
    // change while nobody traces would be a row and a statement more per sync for nothing.
    public void OnCreating(CreatingContext context)
    {
        if (SyncTracing.Source.HasListeners() && Activity.Current?.Id is { } traceParent)
            context.SetJobParameter(TraceParent, traceParent);
    }

    public void OnCreated(CreatedContext context) { }

    public void OnPerforming(PerformingContext context)
    {
        // Reading the parameter is a database round trip: none while nobody traces.
        if (!SyncTracing.Source.HasListeners())
            return;
        ActivityContext.TryParse(context.GetJobParameter<string>(TraceParent), null, out var parent);
        var attempt = SyncTracing.Source.StartActivity("sync attempt", ActivityKind.Internal, parent);
        attempt?.SetTag("hangfire.job_id", context.BackgroundJob.Id);
        attempt?.SetTag("syntaskio.sync_job_id", SyncTaskJob.SyncJobIdOf(context.BackgroundJob.Job)?.ToString());
        if (attempt is not null)
            context.Items[AttemptSpan] = attempt;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(AttemptSpan, out var span) || span is not Activity attempt)
            return;
        if (context.Exception is { } failed)
            attempt.SetStatus(ActivityStatusCode.Error, failed.Message);
        attempt.Dispose();
    }
}
