using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Hosting;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Applies the scripts of db/ (<see cref="DatabaseScripts"/>) that the journal table has not seen. An advisory
/// lock makes concurrent start-ups of several processes take turns instead of racing.
/// </summary>
public sealed class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger
)
{
    private const long MigrationLockKey = 0x53796e7461736b;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            Upgrade();
        }
        finally
        {
            // Released here: a pooled connection is only reset (and its session locks dropped) when it is next
            // used, so another process starting at the same time would otherwise wait until then.
            await using var release = new NpgsqlCommand(
                $"SELECT pg_advisory_unlock({MigrationLockKey})",
                lockConnection
            );
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private void Upgrade()
    {
        var upgrader = DeployChanges
            .To.PostgresqlDatabase(options.Value.ConnectionString)
            .WithScripts(DatabaseScripts.All())
            .WithTransactionPerScript()
            .JournalToPostgresqlTable("public", "schema_versions")
            .LogTo(new MigrationLog(logger))
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}",
                result.Error
            );
    }

    private sealed class MigrationLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }

        public void LogDebug(string format, params object[] args) { }

        public void LogInformation(string format, params object[] args) =>
            logger.LogInformation("{Message}", string.Format(format, args));

        public void LogWarning(string format, params object[] args) =>
            logger.LogWarning("{Message}", string.Format(format, args));

        public void LogError(string format, params object[] args) =>
            logger.LogError("{Message}", string.Format(format, args));

        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(ex, "{Message}", string.Format(format, args));
    }
}
