using System.Transactions;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Intake;

/// <summary>
/// The task aggregation service's one call: a person's tasks as it read them at the vendors. The user is created on
/// first sight, tasks are upserted by (source, kind, container, id) and removed ones deleted, all in one transaction.
/// </summary>
public sealed class TaskIntake(UserRepository users, TaskCatalogue tasks)
{
    public async Task<IntakeResult> ApplyAsync(
        string subject,
        string? email,
        IReadOnlyList<IntakeTask> upserts,
        IReadOnlyList<IntakeRemoval> removals,
        CancellationToken cancellationToken
    )
    {
        using var scope = new TransactionScope(
            TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
            TransactionScopeAsyncFlowOption.Enabled
        );
        var userId = await users.EnsureAsync(subject, email, cancellationToken);
        var (created, updated) =
            upserts.Count > 0 ? await tasks.UpsertManyAsync(userId, upserts, cancellationToken) : (0, 0);
        var removed = removals.Count > 0 ? await tasks.RemoveManyAsync(userId, removals, cancellationToken) : 0;
        scope.Complete();
        return new IntakeResult(created, updated, removed);
    }
}
