using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Monitoring;

/// <summary>
/// The meter "Syntaskio.Sync": sync latency from request to confirmed, outcomes per provider, retries and
/// deferrals, dead letters; and, read from the database when scraped, open circuits and the queue depth.
/// </summary>
public sealed class SyncMetrics
{
    public const string MeterName = "Syntaskio.Sync";

    private const string OpenCircuitsSql = """
        SELECT split_part(circuit_key, ':', 1) AS provider, COUNT(*) AS value FROM provider_circuits WHERE open_until
            > NOW() GROUP BY 1
        """;

    private const string QueueDepthSql = """
        SELECT source AS provider, COUNT(*) AS value FROM sync_jobs WHERE status IN ('pending', 'processing') GROUP
            BY source
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly Histogram<double> latency;
    private readonly Counter<long> outcomes;
    private readonly Counter<long> retries;
    private readonly Counter<long> deadLetters;

    public SyncMetrics(IMeterFactory meterFactory, NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        var meter = meterFactory.Create(MeterName);
        latency = meter.CreateHistogram<double>(
            "sync.latency",
            "s",
            "Time from the user's change to the provider confirming it.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
            }
        );
        outcomes = meter.CreateCounter<long>(
            "sync.outcomes",
            description: "Sync jobs finished, by provider and outcome."
        );
        retries = meter.CreateCounter<long>(
            "sync.retries",
            description: "Sync jobs rescheduled, by provider and reason (retry or deferred)."
        );
        deadLetters = meter.CreateCounter<long>("sync.dead_letters", description: "Sync jobs that failed for good.");
        meter.CreateObservableGauge(
            "sync.circuits.open",
            () => Read(OpenCircuitsSql),
            description: "Provider connections whose circuit is open."
        );
        meter.CreateObservableGauge(
            "sync.queue.depth",
            () => Read(QueueDepthSql),
            description: "Sync jobs pending or processing."
        );
    }

    public void Completed(string provider, TimeSpan sinceRequested)
    {
        latency.Record(sinceRequested.TotalSeconds, Tag(provider));
        outcomes.Add(1, Tag(provider), new("outcome", "completed"));
    }

    public void Rescheduled(string provider, bool deferred) =>
        retries.Add(1, Tag(provider), new("reason", deferred ? "deferred" : "retry"));

    public void DeadLettered(string provider)
    {
        outcomes.Add(1, Tag(provider), new("outcome", "failed"));
        deadLetters.Add(1, Tag(provider));
    }

    private static KeyValuePair<string, object?> Tag(string provider) => new("provider", provider);

    private IEnumerable<Measurement<long>> Read(string sql)
    {
        try
        {
            using var connection = dataSource.OpenConnection();
            return connection
                .Query<(string Provider, long Value)>(sql)
                .Select(row => new Measurement<long>(row.Value, Tag(row.Provider)))
                .ToList();
        }
        catch (NpgsqlException)
        {
            // A scrape during a database outage reports no value rather than failing the whole scrape.
            return [];
        }
    }
}
