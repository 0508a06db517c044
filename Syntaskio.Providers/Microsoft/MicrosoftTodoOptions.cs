using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.Microsoft;

public sealed class MicrosoftTodoOptions
{
    public const string Section = "Providers:Microsoft";

    /// <summary>How long one Graph call may take before it counts as a (retryable) timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
