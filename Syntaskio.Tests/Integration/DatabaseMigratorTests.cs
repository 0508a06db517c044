using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

public sealed class DatabaseMigratorTests
{
    [Test]
    public async Task MigrateAsync_AppliesNothingTwice_WhenRunAgain()
    {
        var before = await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM schema_versions");

        await TestEnvironment.Api.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.That(before, Is.GreaterThanOrEqualTo(1));
        Assert.That(await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM schema_versions"), Is.EqualTo(before));
    }

    // A release's migrations may start in several processes at once (docs/deployment.md): they take turns on the
    // advisory lock, and every script is applied once.
    [Test]
    public async Task MigrateAsync_AppliesEachScriptOnce_WhenTwoProcessesStartAtOnce()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(TestEnvironment.ConnectionString))
            await admin.CreateCommand($"CREATE DATABASE {database}").ExecuteNonQueryAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionString)
        {
            Database = database,
        }.ConnectionString;
        try
        {
            var migrators = Enumerable.Range(0, 2).Select(_ => Migrator(connectionString)).ToList();

            await Task.WhenAll(migrators.Select(each => each.Migrator.MigrateAsync(CancellationToken.None)));

            await using var probe = NpgsqlDataSource.Create(connectionString);
            var applied = await probe.CreateCommand("SELECT COUNT(*) FROM schema_versions").ExecuteScalarAsync();
            var distinct = await probe
                .CreateCommand("SELECT COUNT(DISTINCT scriptname) FROM schema_versions")
                .ExecuteScalarAsync();
            Assert.That((long)applied!, Is.EqualTo(DatabaseScripts.All().Count()));
            Assert.That((long)distinct!, Is.EqualTo((long)applied!));
            foreach (var each in migrators)
                await each.DataSource.DisposeAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(TestEnvironment.ConnectionString);
            await admin.CreateCommand($"DROP DATABASE {database} WITH (FORCE)").ExecuteNonQueryAsync();
        }
    }

    private static (DatabaseMigrator Migrator, NpgsqlDataSource DataSource) Migrator(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var options = Options.Create(new DatabaseOptions { ConnectionString = connectionString });
        return (new DatabaseMigrator(dataSource, options, NullLogger<DatabaseMigrator>.Instance), dataSource);
    }

    // The story's idx_sync_jobs_status and idx_sync_jobs_scheduled_at served no hot query and kept every sync_jobs
    // update from being HOT: db/0014 dropped them.
    [TestCase("idx_sync_jobs_user_id", true)]
    [TestCase("idx_sync_jobs_created_at", true)]
    [TestCase("idx_sync_jobs_status", false)]
    [TestCase("idx_sync_jobs_scheduled_at", false)]
    public async Task Schema_HasOnlyTheIndexesQueriesUse(string index, bool exists)
    {
        var count = await DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = @name",
            ("name", index)
        );
        Assert.That(count, Is.EqualTo(exists ? 1 : 0));
    }
}
