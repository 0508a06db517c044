using System.Text;

namespace Syntaskio.UnitTests.Architecture;

/// <summary>
/// One writer per table, read from the code and db/: a writer that is not on this map fails the suite. The sync's
/// lifecycle (sync_jobs, sync_attempts, sync_events, the lifecycle's audit rows, the task's status columns) is
/// written by Lifecycle.SyncLifecycleRepository alone, directly or through database functions only it, or triggers
/// on its own writes, reach. A second writer stands only where the map says why.
/// </summary>
public sealed class TableWriterMapTests
{
    private const string Lifecycle = "SyncLifecycleRepository";

    // table → (writer → why it writes there). Written out, so the map in README.md and this test say the same.
    private static readonly Dictionary<string, Dictionary<string, string>> Map = new()
    {
        ["users"] = new() { ["UserRepository"] = "the owner" },
        ["provider_connections"] = new() { ["ProviderConnectionRepository"] = "the owner" },
        ["tasks"] = new()
        {
            [Lifecycle] = "the status columns: the lifecycle",
            ["TaskCatalogue"] = "the rows: intake adds, refreshes and removes tasks",
        },
        ["sync_jobs"] = new()
        {
            [Lifecycle] = "the owner",
            ["claim_sync_job()"] = "the claim, called by SyncLifecycleRepository alone",
        },
        ["sync_attempts"] = new() { [Lifecycle] = "the owner" },
        ["sync_events"] = new()
        {
            ["emit_sync_event()"] = "every event and its NOTIFY, in one place",
            [Lifecycle] = "retention",
        },
        ["audit_log"] = new()
        {
            [Lifecycle] = "a change requested",
            ["audit_sync_attempt()"] = "each attempt, by the trigger on SyncLifecycleRepository's sync_attempts",
            ["AuditLogRepository"] = "the support dashboard's own actions, and retention",
        },
        ["event_tickets"] = new() { ["EventTicketRepository"] = "the owner" },
        ["event_streams"] = new()
        {
            ["EventStreamRepository"] = "the owner: a stream's lease and its end",
            ["open_event_stream()"] =
                "a stream's opening under its person's lock, called by EventStreamRepository alone",
        },
        ["provider_circuits"] = new() { ["ProviderCircuitRepository"] = "the owner" },
        ["provider_call_slots"] = new() { ["ProviderThrottleRepository"] = "the owner" },
        ["provider_rate_buckets"] = new() { ["ProviderThrottleRepository"] = "the owner" },
        ["oauth_states"] = new() { ["OAuthStateRepository"] = "the owner" },
        ["connection_watches"] = new()
        {
            ["ConnectionWatchRepository"] = "the owner",
            ["create_connection_watch()"] = "a new connection's watch row, by the trigger on its insert",
        },
        ["change_subscriptions"] = new() { ["ChangeSubscriptionRepository"] = "the owner" },
        ["user_write_buckets"] = new() { ["UserWriteBucketRepository"] = "the owner" },
    };

    // function() → who may call it: the lifecycle's functions are reached from the lifecycle alone.
    private static readonly Dictionary<string, string[]> Callers = new()
    {
        ["claim_sync_job()"] = [Lifecycle],
        ["emit_sync_event()"] = [Lifecycle, "record_connection_event()", "record_sync_event()"],
        ["record_sync_event()"] = ["trigger sync_jobs_record_event"],
        ["audit_sync_attempt()"] = ["trigger sync_attempts_audit"],
        ["record_connection_event()"] = ["trigger provider_connections_record_event"],
        ["create_connection_watch()"] = ["trigger provider_connections_create_watch"],
        ["open_event_stream()"] = ["EventStreamRepository"],
    };

    [Test]
    public void EveryTable_HasOnlyTheWritersTheMapNames_WhenTheSourcesAreRead()
    {
        var actual = TableWriters.Read();
        TestContext.Out.WriteLine(Describe(actual));

        Assert.That(actual.Keys, Is.EquivalentTo(Map.Keys), "every table of db/ is on the map");
        Assert.Multiple(() =>
        {
            foreach (var (table, writers) in actual)
                Assert.That(writers, Is.EquivalentTo(Map[table].Keys), $"writers of {table}");
        });
    }

    [Test]
    public void EveryDatabaseFunction_IsCalledOnlyByItsOwner_WhenTheSourcesAreRead()
    {
        var actual = TableWriters.CallersOfFunctions();

        Assert.That(actual.Keys, Is.EquivalentTo(Callers.Keys), "every function of db/functions is on the map");
        Assert.Multiple(() =>
        {
            foreach (var (function, callers) in actual)
                Assert.That(callers, Is.EquivalentTo(Callers[function]), $"callers of {function}");
        });
    }

    // Every event is announced with its transaction, except those of the accept path's, whose connections defer the
    // NOTIFY to the announcer after commit (AcceptPool.AnnounceAfterCommit).
    [Test]
    public void Events_AreAnnouncedOnOneChannel_FromTheEventFunctionAndTheAcceptAnnouncer() =>
        Assert.That(
            TableWriters.WritersContaining("pg_notify('sync_events'"),
            Is.EquivalentTo(new[] { "emit_sync_event()", "AcceptAnnouncer" })
        );

    private static string Describe(IReadOnlyDictionary<string, SortedSet<string>> writers)
    {
        var text = new StringBuilder("| table | writer | why |\n| --- | --- | --- |\n");
        foreach (var (table, set) in writers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        foreach (var writer in set)
        {
            var why = Map.GetValueOrDefault(table)?.GetValueOrDefault(writer) ?? "NOT ON THE MAP";
            text.Append($"| `{table}` | `{writer}` | {why} |\n");
        }
        return text.ToString();
    }
}
