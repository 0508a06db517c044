namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// A requested change. Force writes it even over a change made at the source (the user's "push ours").
/// </summary>
public sealed record StatusChange(
    Guid SyncJobId,
    Guid TaskId,
    string Subject,
    string Action,
    string TargetStatus,
    string? IdempotencyKey,
    string? ClientAddress = null,
    bool Force = false
)
{
    /// <summary>The Hangfire job that carries this change, enqueued in the same transaction.</summary>
    public string? HangfireJobId { get; init; }

    /// <summary>How many provider calls the retry policy allows this change (the first and every retry).</summary>
    public int MaxAttempts { get; init; }
}
