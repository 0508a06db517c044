using Dapper;
using Npgsql;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// What the service costs doing nothing: 60 s of the running service with the demo's connections watched and no
/// changes, its CPU and the whole PostgreSQL server's, as a share of one core. Measured after <see cref="Settle"/>:
/// a fresh process spends its first minutes recompiling its hot methods (.NET's tiered JIT), measured here at 1 to 2%
/// of a core on top, which a node that has been up for a while no longer pays.
/// </summary>
public sealed class IdleRun(string connectionString, Func<double> serviceCpuMs)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(2);

    public async Task<IdleReport> RunAsync()
    {
        int postmaster;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            postmaster = ProcessCpu.ParentOf(await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
        }
        await Task.Delay(Settle);
        var (service, database) = (serviceCpuMs(), ProcessCpu.TreeMs(postmaster));
        await Task.Delay(Duration);
        var seconds = Duration.TotalMilliseconds;
        return new IdleReport(
            100 * (serviceCpuMs() - service) / seconds,
            100 * (ProcessCpu.TreeMs(postmaster) - database) / seconds
        );
    }
}

/// <summary>CPU while idle, in percent of one core.</summary>
public sealed record IdleReport(double ServicePercent, double DatabasePercent)
{
    public double TotalPercent => ServicePercent + DatabasePercent;
}
