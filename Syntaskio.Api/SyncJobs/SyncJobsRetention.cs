using Microsoft.Extensions.Options;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Lifecycle;

namespace Syntaskio.Api.SyncJobs;

public sealed class SyncJobsRetention(
    SyncLifecycleRepository jobs,
    IOptions<SyncRetentionOptions> options,
    TimeProvider time
) : IRetentionPolicy
{
    public string Name => "settled syncs";

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        jobs.DeleteSettledOlderThanAsync(
            time.GetUtcNow().UtcDateTime - options.Value.Completed,
            options.Value.BatchSize,
            cancellationToken
        );
}
