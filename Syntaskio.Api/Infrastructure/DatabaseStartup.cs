using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Infrastructure;

public static class DatabaseStartup
{
    /// <summary>Applies db/ migrations before the app serves anything (also `Syntaskio.Api migrate`).</summary>
    public static Task MigrateDatabaseAsync(this WebApplication app) =>
        app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}
