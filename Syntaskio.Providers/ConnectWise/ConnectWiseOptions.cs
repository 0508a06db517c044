using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.ConnectWise;

public sealed class ConnectWiseOptions
{
    public const string Section = "Providers:ConnectWise";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a board's status list is trusted before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BoardStatusCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The status name a ticket is moved to when it is started, on every board without one of its own in
    /// <see cref="InProgressStatusByBoard"/>. Unset: the first open, non-default status by sortOrder whose name reads
    /// as in progress.
    /// </summary>
    [MaxLength(100)]
    public string? InProgressStatus { get; set; }

    /// <summary>Board id to the status name a ticket on that board is moved to when it is started.</summary>
    public Dictionary<int, string> InProgressStatusByBoard { get; set; } = [];
}
