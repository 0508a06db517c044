namespace Syntaskio.Providers.Inbound;

/// <summary>One of the person's tasks from a connection, as Syntaskio addresses it.</summary>
public sealed record KnownTask(string Kind, string? ContainerId, string ExternalId);

/// <summary>
/// The person's tasks from the connection being read that are not done here, read only by a feed that has no change
/// query of its own and must look at each task (Process Plan's pending lists).
/// </summary>
public delegate Task<IReadOnlyList<KnownTask>> OpenTasks(CancellationToken cancellationToken);
