using Hangfire;
using Hangfire.Common;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// Adds the DI-built state filter to Hangfire's own filters without touching the static GlobalJobFilters, so
/// several hosts in one process (the tests) each use their own.
/// </summary>
internal sealed class SyncJobFilterProvider(SyncJobStateFilter stateFilter) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job) =>
        JobFilterProviders.Providers.GetFilters(job).Append(new JobFilter(stateFilter, JobFilterScope.Global, null));
}
