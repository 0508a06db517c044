using Dapper;
using Npgsql;

namespace Syntaskio.LoadTest.Running;

/// <summary>
/// What a load step cost the database and the service, counted by PostgreSQL and by Linux rather than by our code:
/// statements from pg_stat_statements (every statement any client ran on this database, Hangfire's included),
/// CPU from /proc for the service process and the whole PostgreSQL server. The emulator is left out.
/// A statement is a round trip, except BEGIN and the pool's reset of a reused connection
/// (<see cref="PoolResetStatements"/>): Npgsql sends both in one message with the statement after them, so they are
/// left out.
/// </summary>
public sealed class DatabaseWorkMeter(string connectionString, Func<double> serviceCpuMs)
{
    private const string ResetSql = "SELECT pg_stat_statements_reset()";

    private const string CountSql = """
        SELECT COALESCE(SUM(calls), 0)::bigint FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND toplevel AND query NOT ILIKE 'BEGIN%' AND query <> ALL(@Resets)
        """;

    /// <summary>Starts counting; null when the server does not load pg_stat_statements.</summary>
    public async Task<Reading?> StartAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            await connection.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await connection.ExecuteScalarAsync(ResetSql);
        }
        catch (PostgresException)
        {
            return null;
        }
        var postmaster = ProcessCpu.ParentOf(await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
        return new Reading(connectionString, serviceCpuMs, postmaster, ProcessCpu.TreeMs(postmaster));
    }

    public sealed class Reading(
        string connectionString,
        Func<double> serviceCpuMs,
        int postmaster,
        double databaseStartMs
    )
    {
        private readonly double serviceStartMs = serviceCpuMs();

        /// <summary>The work since <see cref="StartAsync"/>, per unit (confirmed syncs, or jobs).</summary>
        public async Task<WorkPerUnit> StopAsync(int units)
        {
            var serviceMs = serviceCpuMs() - serviceStartMs;
            var databaseMs = ProcessCpu.TreeMs(postmaster) - databaseStartMs;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var statements = await connection.ExecuteScalarAsync<long>(
                CountSql,
                new { Resets = PoolResetStatements.All }
            );
            var per = Math.Max(1, units);
            return new WorkPerUnit(units, (double)statements / per, serviceMs / per, databaseMs / per);
        }
    }
}

/// <summary>Per unit of work: database round trips, and CPU ms of the service and of PostgreSQL.</summary>
public sealed record WorkPerUnit(int Units, double Statements, double ServiceCpuMs, double DatabaseCpuMs)
{
    public double CpuMs => ServiceCpuMs + DatabaseCpuMs;
}
