namespace Syntaskio.Jobs.Persistence;

/// <summary>The vendor a task comes from and what kind of object it is there.</summary>
public sealed record TaskOrigin(string Source, string Kind);
