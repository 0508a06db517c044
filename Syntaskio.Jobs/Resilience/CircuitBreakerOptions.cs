using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Resilience;

/// <summary>Section "Sync:CircuitBreaker": when a provider connection stops being called, and for how long.</summary>
public sealed class CircuitBreakerOptions
{
    public const string Section = "Sync:CircuitBreaker";

    /// <summary>Consecutive retryable failures of one connection that open its circuit.</summary>
    [Range(1, 1000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit stays open before one trial call is let through (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan OpenDuration { get; set; } = TimeSpan.FromSeconds(10);
}
