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
}
