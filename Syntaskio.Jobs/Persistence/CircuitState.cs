namespace Syntaskio.Jobs.Persistence;

/// <summary>One provider_circuits row: the breaker's state of a provider connection.</summary>
public sealed class CircuitState
{
    public int ConsecutiveFailures { get; init; }
    public DateTime? OpenUntil { get; init; }

    /// <summary>The vendor asked (Retry-After) that no request on this connection comes before this.</summary>
    public DateTime? HoldUntil { get; init; }
}
