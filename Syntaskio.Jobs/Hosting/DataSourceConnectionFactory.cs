using Hangfire.PostgreSql;
using Npgsql;

namespace Syntaskio.Jobs.Hosting;

/// <summary>Hangfire draws from the application's own pool, which makes a change and its job one transaction.</summary>
public sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
