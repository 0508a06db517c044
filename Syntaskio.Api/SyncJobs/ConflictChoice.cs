namespace Syntaskio.Api.SyncJobs;

/// <summary>The body of POST /api/sync/jobs/{id}/resolve.</summary>
public sealed record ConflictChoice(string? Choice)
{
    public const string KeepSource = "keep-source";
    public const string PushOurs = "push-ours";
}
