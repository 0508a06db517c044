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

    [TestCase("idx_sync_jobs_status")]
    [TestCase("idx_sync_jobs_scheduled_at")]
    [TestCase("idx_sync_jobs_user_id")]
    public async Task Schema_HasTheStorysIndexes(string index)
    {
        Assert.That(await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM pg_indexes WHERE indexname = @name", ("name", index)), Is.EqualTo(1));
    }
}
