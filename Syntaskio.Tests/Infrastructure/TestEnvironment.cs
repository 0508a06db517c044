using System.Security.Cryptography;
using Npgsql;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests;

/// <summary>
/// One fresh database per test run on the real PostgreSQL server that build.ps1 started (or that
/// ConnectionStrings__Syntaskio names), one emulator on a loopback port, and one API host with its Hangfire server.
/// </summary>
[SetUpFixture]
public sealed class TestEnvironment
{
    private const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=postgres;Database=syntaskio";

    public static string ConnectionString { get; private set; } = "";

    public static string CredentialKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string DevSigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SandboxServer Sandbox { get; private set; } = null!;

    public static SyncApiFactory Api { get; private set; } = null!;

    private static string databaseName = "";
    private static readonly List<string> IsolatedDatabases = [];

    /// <summary>
    /// Another empty database on the same server, for tests whose processes must not share Hangfire queues with
    /// the suite's API (its workers would take their jobs). Migrated by the first process started on it.
    /// </summary>
    public static async Task<string> CreateIsolatedDatabaseAsync()
    {
        var name = $"{databaseName}_iso{IsolatedDatabases.Count}";
        IsolatedDatabases.Add(name);
        await AdminAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task AdminAsync(string sql)
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" };
        await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("ConnectionStrings__Syntaskio") ?? DefaultServer
        );
        databaseName = $"syntaskio_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
        try
        {
            await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
            await using var create = admin.CreateCommand($"CREATE DATABASE {databaseName}");
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException exception)
        {
            Assert.Fail(
                $"PostgreSQL is not reachable at {server.Host}:{server.Port} ({exception.Message}). "
                    + "Run the tests with `dotnet pwsh build.ps1 test`, or start the cluster with `dotnet pwsh "
                    + "build.ps1 db`."
            );
        }
        server.Database = databaseName;
        ConnectionString = server.ConnectionString;

        Sandbox = await SandboxServer.StartAsync();
        Api = new SyncApiFactory(ConnectionString);
        Api.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Api.DisposeAsync();
        // Hangfire logs through one process-wide provider that the API host set; tests run after this one (the unit
        // tests) must not reach its disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        await Sandbox.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var name in IsolatedDatabases.Append(databaseName))
            await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
