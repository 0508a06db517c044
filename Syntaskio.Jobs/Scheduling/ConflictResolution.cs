namespace Syntaskio.Jobs.Scheduling;

/// <summary>How a user settles a conflict (sync_jobs.resolution).</summary>
public static class ConflictResolution
{
    /// <summary>
    /// Keep what the source shows: nothing is written, and the task's next change expects the source's status.
    /// </summary>
    public const string KeptSource = "kept-source";

    /// <summary>Write our change again over the source's (a new, forced sync job).</summary>
    public const string PushedOurs = "pushed-ours";
}
