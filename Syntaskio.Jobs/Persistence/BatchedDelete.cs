using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Retention deletes a batch at a time (the statement takes @Batch), so no lock is held long over a table the live
/// pipeline writes to. @From, when given, is the states the rows may be in. Repeats until a batch comes back short;
/// returns how many rows went.
/// </summary>
internal static class BatchedDelete
{
    public static async Task<int> RunAsync(
        NpgsqlDataSource dataSource,
        string sql,
        DateTime cutoff,
        int batchSize,
        CancellationToken cancellationToken,
        string[]? from = null
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = 0;
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(
                new CommandDefinition(
                    sql,
                    new
                    {
                        Cutoff = cutoff,
                        Batch = batchSize,
                        From = from,
                    },
                    cancellationToken: cancellationToken
                )
            );
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }
}
