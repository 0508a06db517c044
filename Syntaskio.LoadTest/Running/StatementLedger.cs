using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Syntaskio.LoadTest.Running;

/// <summary>
/// The PostgreSQL side of the cost ledger: during a load step, pg_stat_statements tracks every statement, those run
/// inside our functions and triggers too (pg_stat_statements.track = all, set for the step and reset after it), and
/// each is put in the piece of a sync's work it belongs to. Execution time is the server's time in the statement
/// (CPU, and any wait for a lock), per confirmed sync. A nested statement's time is also inside the statement that
/// ran it, so the pieces add up to more than the top-level total; the table says which are nested.
/// </summary>
public sealed class StatementLedger(string connectionString)
{
    // First match wins: a piece's own tables, then Hangfire's by table.
    private static readonly (string Piece, string Pattern)[] Pieces =
    [
        (
            "pool resets (DISCARD ALL, or the statements that stand for it)",
            $"^({string.Join('|', PoolResetStatements.All.Select(Regex.Escape))})$"
        ),
        ("claim (claim_sync_job)", "claim_sync_job|WITH claimed AS|j.task_version < t.version|FOR UPDATE OF t$"),
        ("vendor changes applied (ApplyVendorChange)", "t.vendor_status, t.vendor_modified_at"),
        ("events: sync_events rows and their NOTIFY", "emit_sync_event|INSERT INTO sync_events|pg_notify\\(\\$2"),
        ("the change's transaction (with its audit row)", "WITH target AS \\( SELECT t.id, t.user_id, t.source"),
        ("audit rows", "audit_log"),
        ("attempts and the confirmation", "sync_attempts"),
        ("write limit (per person)", "user_write_buckets"),
        ("vendor-call bookkeeping: slots, rate buckets, breaker", "provider_call_slots|provider_rate_buckets|circuits"),
        ("vendor changes: the watcher and notifications", "connection_watches|change_subscriptions|vendor_status"),
        ("foreign-key checks", "FROM ONLY"),
        ("Hangfire: enqueue", "INSERT INTO \"hangfire\".\"(job|jobqueue)\"|NOTIFY new_job|hangfire\".\"counter"),
        ("Hangfire: fetch from the queue", "hangfire\".\"jobqueue"),
        ("Hangfire: state changes and job reads", "hangfire\".\"(state|job|jobparameter)\""),
        ("Hangfire: distributed locks", "hangfire\".\"lock|pg_advisory"),
        ("BEGIN and COMMIT", "^(BEGIN|COMMIT|ROLLBACK)"),
    ];

    public async Task StartAsync()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
        await connection.ExecuteAsync("SELECT pg_reload_conf()");
        await connection.ExecuteAsync("SELECT pg_stat_statements_reset()");
    }

    public async Task<string> StopAsync(int confirmed)
    {
        await using var connection = await OpenAsync();
        var rows = (
            await connection.QueryAsync<(string Query, long Calls, double TotalMs, bool TopLevel)>(
                """
                SELECT query, calls, total_exec_time, toplevel FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            )
        ).AsList();
        // On one line of single spaces: the pieces' patterns are written for it, and the table prints it.
        rows = rows.Select(row => row with { Query = Regex.Replace(row.Query, @"\s+", " ").Trim() }).ToList();
        await connection.ExecuteAsync("ALTER SYSTEM RESET pg_stat_statements.track");
        await connection.ExecuteAsync("SELECT pg_reload_conf()");
        return Render(rows, Math.Max(1, confirmed));
    }

    private static string Render(List<(string Query, long Calls, double TotalMs, bool TopLevel)> rows, int syncs)
    {
        var topLevelMs = rows.Where(row => row.TopLevel).Sum(row => row.TotalMs);
        var text = new StringBuilder();
        text.AppendLine("| piece | statements per sync | PostgreSQL ms per sync | share of top-level time |");
        text.AppendLine("| --- | --- | --- | --- |");
        var pieces = rows.GroupBy(row => (Name: Piece(row.Query), row.TopLevel))
            .OrderBy(group => !group.Key.TopLevel)
            .ThenByDescending(group => group.Sum(row => row.TotalMs));
        foreach (var piece in pieces)
        {
            var ms = piece.Sum(row => row.TotalMs);
            var name = piece.Key.TopLevel ? piece.Key.Name : $"{piece.Key.Name}, nested in a function or trigger";
            var share = piece.Key.TopLevel ? $"{100 * ms / topLevelMs:0.0}%" : "inside a statement above";
            text.AppendLine(
                $"| {name} | {PerSync(piece.Sum(row => row.Calls), syncs)} | {ms / syncs:0.000} | {share} |"
            );
        }
        var topLevelCalls = rows.Where(row => row.TopLevel).Sum(row => row.Calls);
        text.AppendLine(
            $"| all top-level statements | {PerSync(topLevelCalls, syncs)} | {topLevelMs / syncs:0.000} | 100% |"
        );
        text.AppendLine();
        text.AppendLine("The ten statements with the most time, per sync:");
        text.AppendLine();
        foreach (var row in rows.OrderByDescending(row => row.TotalMs).Take(10))
        {
            var nested = row.TopLevel ? "" : " (nested)";
            text.AppendLine(
                $"- {row.TotalMs / syncs:0.000} ms, {PerSync(row.Calls, syncs)} calls{nested}: "
                    + $"`{row.Query[..Math.Min(100, row.Query.Length)]}`"
            );
        }
        return text.ToString();
    }

    private static string PerSync(long calls, int syncs) => (calls / (double)syncs).ToString("0.00");

    private static string Piece(string query) =>
        Pieces.FirstOrDefault(piece => Regex.IsMatch(query, piece.Pattern)).Piece ?? "other";

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
