namespace Syntaskio.Providers.Inbound;

/// <summary>
/// One of the person's tasks from a connection, as Syntaskio addresses it, and whether it is done here.
/// </summary>
public sealed record KnownTask(string Kind, string? ContainerId, string ExternalId, bool Done);

/// <summary>
/// The person's tasks from the connection being read, read only by a feed that must look at each task because the
/// vendor has no change query for it (Process Plan's pending lists, ConnectWise's ticket tasks).
/// </summary>
public delegate Task<IReadOnlyList<KnownTask>> KnownTasks(CancellationToken cancellationToken);
