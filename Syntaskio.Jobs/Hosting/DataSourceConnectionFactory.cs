using Hangfire.PostgreSql;
using Npgsql;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.Jobs.Hosting;

/// <summary>
/// Hangfire's connections, from the data source its storage was made on (the accept path's, where a change and its
/// job are one transaction; Hangfire's own elsewhere). While PostgreSQL is away (restarting), a connection that
/// cannot be opened is asked for again every <see cref="DatabaseAvailability.PollInterval"/> for up to
/// <paramref name="outageWait"/>, so Hangfire's work resumes as soon as the database answers. Left to Hangfire, a
/// failed state change waits 0, 1, 2, 3 s between attempts and a failed server loop 1, 4, 9 s: workers came back
/// 4.7 s after a 5 s restart.
/// </summary>
public sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource, TimeSpan outageWait) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var connection = dataSource.CreateConnection();
            try
            {
                connection.Open();
                return connection;
            }
            catch (NpgsqlException exception)
                when (DatabaseAvailability.IsOutage(exception) && waited.Elapsed < outageWait)
            {
                connection.Dispose();
                Thread.Sleep(DatabaseAvailability.PollInterval);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }
}
