using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own on a free loopback port, so a test can stop and start the database
/// without touching the suite's. Runs as the postgres user when the tests run as root, as PostgreSQL requires.
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), $"syntaskio-pgtest-{Guid.NewGuid():N}");
    private readonly int port;

    private TemporaryPostgres(int port) => this.port = port;

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=3";

    public static async Task<TemporaryPostgres> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var cluster = new TemporaryPostgres(((IPEndPoint)listener.LocalEndpoint).Port);
        listener.Stop();
        Directory.CreateDirectory(cluster.dataDirectory);
        if (IsRoot)
            await RunAsync("chown", "postgres:postgres", cluster.dataDirectory);
        await cluster.RunAsPostgresAsync(
            "initdb",
            "-D",
            cluster.dataDirectory,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8"
        );
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() =>
        RunAsPostgresAsync(
            "pg_ctl",
            "-D",
            dataDirectory,
            "-l",
            Path.Combine(dataDirectory, "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            // Room for a worker process's pools, all reconnecting at once after a crash, beside the API's.
            $"-p {port} -c listen_addresses=127.0.0.1 -k {dataDirectory} -c max_connections=300",
            "start"
        );

    /// <summary>Immediate shutdown: what a crash looks like to every connected client.</summary>
    public Task CrashServerAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync("pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop").ContinueWith(_ => { });
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunAsPostgresAsync(params string[] command) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", .. command]) : RunAsync(command[0], command[1..]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}"
            );
    }
}
