namespace Syntaskio.LoadTest.Seeding;

/// <summary>
/// One seeded user: the token subject, the Syntaskio task ids, and where each task lives at its vendor.
/// </summary>
public sealed record SeededUser(string Sub, IReadOnlyList<Guid> TaskIds, IReadOnlyList<SeededTask> Tasks);

public sealed record SeededTask(Guid Id, string Source, string ExternalId);
