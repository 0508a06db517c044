using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Providers.ProcessPlan;

public sealed class ProcessPlanOptions
{
    public const string Section = "Providers:ProcessPlan";

    public const string V4 = "v4";
    public const string Story = "story";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Which API the client speaks: "v4", the vendor's published one (the default), or "story", the story's
    /// PATCH /processes/{p}/steps/{s} contract, which no public source confirms.
    /// </summary>
    [RegularExpression("^(v4|story)$", ErrorMessage = "Providers:ProcessPlan:Api must be v4 or story.")]
    public string Api { get; set; } = V4;
}
