using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Api.SyncJobs;

/// <summary>How long settled sync history is kept. Section "Sync:Retention".</summary>
public sealed class SyncRetentionOptions
{
    public const string Section = "Sync:Retention";

    /// <summary>
    /// Written, superseded and resolved syncs, with their attempts, are deleted this long after they settled. A dead
    /// letter still waiting for the person is kept until a retry, a resolution or a newer change settles it.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Completed { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows per DELETE: small, so the live pipeline never waits long on a retention lock.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 1000;
}
