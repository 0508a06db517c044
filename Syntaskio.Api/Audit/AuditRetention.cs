using Microsoft.Extensions.Options;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Audit;

public sealed class AuditRetention(AuditLogRepository audit, IOptions<AuditOptions> options, TimeProvider time)
    : IRetentionPolicy
{
    public string Name => "audit rows";

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        audit.DeleteOlderThanAsync(time.GetUtcNow().UtcDateTime - options.Value.Retention, cancellationToken);
}
