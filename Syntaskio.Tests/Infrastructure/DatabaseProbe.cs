using Npgsql;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>Direct reads of the test database, to prove what was (and was not) written.</summary>
public static class DatabaseProbe
{
    public static Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        CountOnAsync(TestEnvironment.ConnectionString, sql, parameters);

    public static async Task<long> CountOnAsync(
        string connectionString,
        string sql,
        params (string Name, object Value)[] parameters
    )
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static Task<long> SyncJobCountAsync() => CountAsync("SELECT COUNT(*) FROM sync_jobs");

    public static Task<long> HangfireJobCountAsync() => CountAsync("SELECT COUNT(*) FROM hangfire.job");

    public static Task<string?> ScalarAsync(string sql, params (string Name, object Value)[] parameters) =>
        ScalarOnAsync(TestEnvironment.ConnectionString, sql, parameters);

    public static async Task<string?> ScalarOnAsync(
        string connectionString,
        string sql,
        params (string Name, object Value)[] parameters
    )
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
