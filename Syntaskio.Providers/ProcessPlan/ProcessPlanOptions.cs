using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.ProcessPlan;

public sealed class ProcessPlanOptions
{
    public const string Section = "Providers:ProcessPlan";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
