namespace Syntaskio.Providers.Inbound;

/// <summary>What changed at a vendor: a client whose vendor's changes are watched implements it.</summary>
public interface ITaskChangeFeed
{
    /// <summary>
    /// What changed at the vendor since <paramref name="cursor"/> (null: every task there now).
    /// <paramref name="knownTasks"/> reads the person's open tasks, for a vendor that can only be asked about each one.
    /// </summary>
    Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// As the other overload, after the vendor notified changes in <paramref name="notified"/> containers only: a
    /// vendor whose feed reads containers one by one (To Do's lists) reads just those. Empty: read everything.
    /// </summary>
    Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        IReadOnlyCollection<string> notified,
        CancellationToken cancellationToken
    ) => ReadChangesAsync(connection, cursor, knownTasks, cancellationToken);

    /// <summary>
    /// The state now of each of <paramref name="tasks"/>, read one by one; a task gone from the vendor is reported
    /// removed. What settles a write whose outcome was never learned: a change feed reports a change once, and that
    /// one may have been seen while the write was still being retried.
    /// </summary>
    Task<IReadOnlyList<VendorTaskChange>> ReadTasksAsync(
        ProviderConnection connection,
        IReadOnlyList<KnownTask> tasks,
        CancellationToken cancellationToken
    );
}
