using Hangfire.Common;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// The filters this service's jobs run with: the attributes on the job's method ([AutomaticRetry]) and the DI-built
/// filters, never the static GlobalJobFilters, so several hosts in one process (the tests) each use their own.
/// Hangfire's global CaptureCulture, ContinuationsSupport and StatisticsHistory filters are left out: each costs a
/// database read or write per job, and no sync job uses cultures or continuations. The dashboard loses its
/// succeeded/failed history chart; its counts and job lists stay. JobFilterProviderCollection orders all filters by
/// Order, which puts <see cref="SyncRetryFilter"/> before [AutomaticRetry].
/// </summary>
internal sealed class SyncJobFilterProvider(
    SyncJobStateFilter stateFilter, SyncRetryFilter retryFilter, TraceContextFilter traceFilter) : IJobFilterProvider
{
    public static IJobFilterProvider Create(
        SyncJobStateFilter stateFilter, SyncRetryFilter retryFilter, TraceContextFilter traceFilter) =>
        new JobFilterProviderCollection(
            new JobFilterAttributeFilterProvider(), new SyncJobFilterProvider(stateFilter, retryFilter, traceFilter));

    public IEnumerable<JobFilter> GetFilters(Job job) =>
    [
        new JobFilter(retryFilter, JobFilterScope.Global, SyncRetryFilter.Order),
        new JobFilter(stateFilter, JobFilterScope.Global, null),
        new JobFilter(traceFilter, JobFilterScope.Global, null),
    ];
}
