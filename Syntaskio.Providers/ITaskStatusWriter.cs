namespace Syntaskio.Providers;

/// <summary>
/// Writes a task's status to the system it came from and confirms it. Failures are thrown as
/// <see cref="TransientProviderException"/> (worth retrying) or <see cref="PermanentProviderException"/> (retrying
/// cannot help); never as null or a bare HTTP error. Every vendor's client is one.
/// </summary>
public interface ITaskStatusWriter
{
    Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        ProviderConnection connection,
        CancellationToken cancellationToken
    );

    /// <summary>What a task of <paramref name="kind"/> can do at this vendor besides completing.</summary>
    TaskCapabilities CapabilitiesOf(string kind) => TaskCapabilities.CompleteAndReopen;
}
