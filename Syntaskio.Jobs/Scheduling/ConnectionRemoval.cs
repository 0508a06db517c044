using Hangfire;
using Hangfire.States;
using Syntaskio.Jobs.Inbound;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// A person disconnects a provider: the vendor subscriptions no other connection shares are ended, the encrypted
/// credentials row is deleted, and the syncs still waiting for that provider fail as disconnected (task rolled back,
/// an event sent). Connecting again does not re-run them.
/// </summary>
public sealed class ConnectionRemoval(
    ProviderConnectionRepository connections,
    ChangeSubscriptions subscriptions,
    ProviderRouter router,
    IBackgroundJobClient backgroundJobs
)
{
    public static string Disconnected(string source) =>
        $"Your {ProviderRouter.NameOf(source)} account is not connected; this change was not written. Connect it, "
        + $"then retry.";

    /// <summary>False when the caller had no such connection.</summary>
    public async Task<bool> RemoveAsync(string subject, string provider, CancellationToken cancellationToken)
    {
        if (await connections.FindForSubjectAsync(subject, provider, cancellationToken) is { } connection)
            await subscriptions.ReleaseAsync(
                connection,
                router.SubscriptionsOf(provider),
                ProviderCircuitBreaker.KeyFor(provider, connection),
                cancellationToken
            );
        var waiting = await connections.DeleteAsync(subject, provider, cancellationToken);
        if (waiting is null)
            return false;
        foreach (var hangfireJobId in waiting)
        {
            var failed = new FailedState(new PermanentProviderException(Disconnected(provider)))
            {
                Reason = "Disconnected by the user",
            };
            // A job being written right now finds no connection and fails the same way by itself.
            _ =
                backgroundJobs.ChangeState(hangfireJobId, failed, ScheduledState.StateName)
                || backgroundJobs.ChangeState(hangfireJobId, failed, EnqueuedState.StateName);
        }
        return true;
    }
}
