using Hangfire;
using Hangfire.Common;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// Adds the DI-built filters to Hangfire's own without touching the static GlobalJobFilters, so several hosts in
/// one process (the tests) each use their own. JobFilterProviderCollection orders all filters by Order, which
/// puts <see cref="SyncRetryFilter"/> before [AutomaticRetry].
/// </summary>
internal sealed class SyncJobFilterProvider(SyncJobStateFilter stateFilter, SyncRetryFilter retryFilter) : IJobFilterProvider
{
    public static IJobFilterProvider WithHangfiresOwn(SyncJobStateFilter stateFilter, SyncRetryFilter retryFilter) =>
        new JobFilterProviderCollection(JobFilterProviders.Providers, new SyncJobFilterProvider(stateFilter, retryFilter));

    public IEnumerable<JobFilter> GetFilters(Job job) =>
    [
        new JobFilter(retryFilter, JobFilterScope.Global, SyncRetryFilter.Order),
        new JobFilter(stateFilter, JobFilterScope.Global, null),
    ];
}
