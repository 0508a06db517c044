using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Dead letters (failed sync_jobs) as support works through them: grouped by provider and error, found by a task's
/// title, and a group's Hangfire jobs for a retry. Blocking, as Hangfire renders its pages synchronously. These
/// scan sync_jobs: no index covers the status, so a job's status changes stay HOT updates (db/0014); a support page
/// reads them now and then, not the pipeline.
/// </summary>
public sealed class DeadLetterRepository(NpgsqlDataSource dataSource)
{
    internal const string GroupsSql = """
        SELECT source, COALESCE(error, '') AS error, COUNT(*) AS count, MAX(updated_at) AS latest
        FROM sync_jobs WHERE status = 'failed'
        GROUP BY source, COALESCE(error, '')
        ORDER BY count DESC, latest DESC
        LIMIT 100
        """;

    internal const string FindByTitleSql = """
        SELECT j.hangfire_job_id, t.title, u.external_id AS subject, j.source, COALESCE(j.error, '') AS error
        FROM sync_jobs j JOIN tasks t ON t.id = j.task_id JOIN users u ON u.id = j.user_id
        WHERE j.status = 'failed' AND j.hangfire_job_id IS NOT NULL AND t.title ILIKE '%' || @Title || '%'
        ORDER BY j.updated_at DESC
        LIMIT 50
        """;

    internal const string GroupJobsSql = """
        SELECT hangfire_job_id FROM sync_jobs
        WHERE status = 'failed' AND source = @Source AND COALESCE(error, '') = @Error AND hangfire_job_id IS NOT NULL
        """;

    public IReadOnlyList<DeadLetterGroup> Groups()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<DeadLetterGroup>(GroupsSql).AsList();
    }

    public IReadOnlyList<DeadLetter> FindByTitle(string title)
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<DeadLetter>(FindByTitleSql, new { Title = title }).AsList();
    }

    /// <summary>The Hangfire job ids of one group's dead letters.</summary>
    public IReadOnlyList<string> GroupJobs(string source, string error)
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>(GroupJobsSql, new { Source = source, Error = error }).AsList();
    }
}

/// <summary>Failed syncs of one provider with one error (empty: none recorded).</summary>
public sealed class DeadLetterGroup
{
    public string Source { get; init; } = "";
    public string Error { get; init; } = "";
    public long Count { get; init; }
    public DateTime Latest { get; init; }
}

/// <summary>A failed sync found by its task's title, with the group it belongs to.</summary>
public sealed class DeadLetter
{
    public string HangfireJobId { get; init; } = "";
    public string Title { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Source { get; init; } = "";
    public string Error { get; init; } = "";
}
