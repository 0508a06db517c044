using System.Globalization;
using RestSharp;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Process Plan's change feed. v4 has no change query and no modification time, so each poll reads the pending list
/// of every template task the person has open tasks in (one call per template task) and reports each of those tasks
/// that has left its list: it was completed at the vendor. Nothing public reopens a task, so nothing else can change.
/// Our own completion coming back finds the task already completed here and changes nothing.
/// </summary>
internal sealed class ProcessPlanPendingFeed(ProcessPlanV4Dialect dialect, TimeProvider time)
{
    public async Task<TaskChangePage> ReadAsync(
        RestClient client,
        ProcessPlanCredentials credentials,
        IReadOnlyList<KnownTask> open,
        CancellationToken cancellationToken
    )
    {
        var changes = await ReadEachAsync(client, credentials, open, cancellationToken);
        var polledAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return new TaskChangePage(
            [.. changes.Where(change => change.Status == TargetStatus.Completed)],
            polledAt,
            CoversOnlyThisAccount: false
        );
    }

    /// <summary>Each task's state now: completed when it has left its pending list, pending while it is in it.
    /// </summary>
    public async Task<IReadOnlyList<VendorTaskChange>> ReadEachAsync(
        RestClient client,
        ProcessPlanCredentials credentials,
        IReadOnlyList<KnownTask> tasks,
        CancellationToken cancellationToken
    )
    {
        var changes = new List<VendorTaskChange>();
        // A task is kept as "{tt_id}/{it_id}" in its process instance "{ih_id}".
        var byTemplateTask = tasks
            .Where(task => task.ExternalId.Split('/').Length == 2)
            .GroupBy(task => task.ExternalId.Split('/')[0], StringComparer.Ordinal);
        foreach (var group in byTemplateTask)
        {
            var pending = await dialect.PendingAsync(client, credentials, group.Key, cancellationToken);
            foreach (var task in group)
            {
                var done = !pending.Contains(task.ExternalId.Split('/')[1]);
                changes.Add(
                    new VendorTaskChange(
                        task.Kind,
                        task.ContainerId,
                        task.ExternalId,
                        null,
                        done ? TargetStatus.Completed : TargetStatus.Pending,
                        done ? "completed" : "pending",
                        null
                    )
                );
            }
        }
        return changes;
    }
}
