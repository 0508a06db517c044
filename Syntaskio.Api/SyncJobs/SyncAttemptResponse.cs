using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncJobs;

/// <summary>One provider call of a sync job, as the API answers it.</summary>
public sealed record SyncAttemptResponse(
    int Attempt,
    DateTime StartedAt,
    int DurationMs,
    string Outcome,
    int? HttpStatus,
    string? Error,
    DateTime? NextAttemptAt
)
{
    public static SyncAttemptResponse From(SyncAttemptRecord attempt) =>
        new(
            attempt.Attempt,
            attempt.StartedAt,
            attempt.DurationMs,
            attempt.Outcome,
            attempt.HttpStatus,
            attempt.Error,
            attempt.NextAttemptAt
        );
}
