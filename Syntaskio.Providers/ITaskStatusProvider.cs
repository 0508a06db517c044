using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers;

/// <summary>
/// Writes a task's status to the system it came from and confirms it by reading it back.
/// Failures are thrown as <see cref="TransientProviderException"/> (worth retrying) or
/// <see cref="PermanentProviderException"/> (retrying cannot help); never as null or a bare HTTP error.
/// </summary>
public interface ITaskStatusProvider
{
    Task<ProviderWriteResult> ApplyAsync(ProviderStatusChange change, ProviderConnection connection, CancellationToken cancellationToken);

    /// <summary>What a task of <paramref name="kind"/> can do at this vendor besides completing.</summary>
    TaskCapabilities CapabilitiesOf(string kind) => TaskCapabilities.CompleteAndReopen;

    /// <summary>
    /// What changed at the vendor since <paramref name="cursor"/> (null: every task there now), or null when this
    /// vendor's changes are not watched. <paramref name="knownTasks"/> reads the person's open tasks, for a vendor
    /// that can only be asked about each one.
    /// </summary>
    Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection, string? cursor, KnownTasks knownTasks, CancellationToken cancellationToken) =>
        Task.FromResult<TaskChangePage?>(null);
}
