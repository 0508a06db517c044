using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>Reads Hangfire's schedule (its "schedule" set, scored in whole Unix seconds); never writes it.</summary>
public sealed class HangfireScheduleRepository(NpgsqlDataSource dataSource, string schema = "hangfire")
{
    private readonly string nextDueSql = $"""SELECT min("score") FROM "{schema}"."set" WHERE "key" = 'schedule'""";

    /// <summary>When the earliest scheduled job may be moved to the queue, or null when none is.</summary>
    public DateTime? NextDueAt()
    {
        using var connection = dataSource.OpenConnection();
        var score = connection.ExecuteScalar<double?>(nextDueSql);
        return score is { } seconds ? DateTime.UnixEpoch.AddSeconds(seconds) : null;
    }
}
