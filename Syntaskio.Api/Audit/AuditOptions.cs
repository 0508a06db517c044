using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Api.Audit;

/// <summary>Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Audit rows older than this are deleted hourly.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}
