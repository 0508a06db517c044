using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// event_streams: the event streams open in every API process, counted per person (db/functions/open_event_stream.sql
/// opens one and closes the oldest past the limit). The API process serving a stream named on
/// <see cref="ClosesChannel"/> ends it.
/// </summary>
public sealed class EventStreamRepository(NpgsqlDataSource dataSource)
{
    public const string ClosesChannel = "event_stream_closes";

    internal const string OpenSql = "SELECT open_event_stream(@Subject, @Id, @MaxStreams, @Lease)";
    internal const string RenewSql = "UPDATE event_streams SET seen_at = NOW() WHERE id = @Id";
    internal const string CloseSql = "DELETE FROM event_streams WHERE id = @Id";

    /// <summary>Counts a new stream; returns the person's streams it closed (the oldest past the limit).</summary>
    public async Task<IReadOnlyList<Guid>> OpenAsync(
        string subject,
        Guid id,
        int maxStreams,
        TimeSpan lease,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var closed = await connection.QueryAsync<Guid>(
            new CommandDefinition(
                OpenSql,
                new
                {
                    Subject = subject,
                    Id = id,
                    MaxStreams = maxStreams,
                    Lease = lease,
                },
                cancellationToken: cancellationToken
            )
        );
        return closed.AsList();
    }

    /// <summary>Keeps a stream counted for another lease.</summary>
    public async Task RenewAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(RenewSql, new { Id = id }, cancellationToken: cancellationToken)
        );
    }

    public async Task CloseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(CloseSql, new { Id = id }, cancellationToken: cancellationToken)
        );
    }
}
