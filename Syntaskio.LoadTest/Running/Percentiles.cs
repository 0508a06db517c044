namespace Syntaskio.LoadTest.Running;

/// <summary>Nearest-rank percentiles of one run's samples, in milliseconds.</summary>
public sealed record Percentiles(double P50, double P95, double P99, double Max, int Count)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return new Percentiles(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1], sorted.Length);
    }
}
