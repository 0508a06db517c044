using Microsoft.Extensions.DependencyInjection;
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
