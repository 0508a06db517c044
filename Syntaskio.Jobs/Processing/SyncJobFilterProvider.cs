using Hangfire.Common;
using Syntaskio.Jobs.Queueing;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// The filters this service's jobs run with, built by DI, never the static GlobalJobFilters, so several hosts in one
/// process (the tests) each use their own. Hangfire's global AutomaticRetry is left out (<see cref="SyncRetryFilter"/>
/// is the retry policy), and so are CaptureCulture, ContinuationsSupport and StatisticsHistory: each costs a database
/// read or write per job, and no sync job uses cultures or continuations. The dashboard loses its succeeded/failed
/// history chart; its counts and job lists stay.
/// </summary>
internal sealed class SyncJobFilterProvider(
    SyncJobStateFilter stateFilter,
    SyncRetryFilter retryFilter,
    TraceContextFilter traceFilter,
    ScheduleAnnouncementFilter scheduleFilter
) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job) =>
        [
            new JobFilter(retryFilter, JobFilterScope.Global, null),
            new JobFilter(stateFilter, JobFilterScope.Global, null),
            new JobFilter(traceFilter, JobFilterScope.Global, null),
            new JobFilter(scheduleFilter, JobFilterScope.Global, null),
        ];
}
