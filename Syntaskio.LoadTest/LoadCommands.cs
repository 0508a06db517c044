using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;
using Syntaskio.LoadTest.Bench;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest;

/// <summary>The tool's two commands. Database settings come from the environment, as the service's do.</summary>
public static class LoadCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// seed --users N --tasks-per-user M --out FILE [--sandbox URL]: writes [{"sub","taskIds","tasks"}].
    /// </summary>
    public static async Task<int> SeedAsync(CommandLine options, TextWriter output)
    {
        var users = await SeedUsersAsync(
            options,
            options.Number("users", 10, 1, 100_000),
            options.Number("tasks-per-user", 10, 1, 100_000)
        );
        var file = options.Text("out");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(users, Json));
        output.WriteLine($"Seeded {users.Count} users with {users.Sum(user => user.TaskIds.Count)} tasks into {file}");
        return 0;
    }

    /// <summary>
    /// run --rate R --duration S [--api URL] [--sandbox URL] [--from FILE | --users N] [--provider-latency-ms L]
    /// [--service-pid P] [--out-dir DIR]
    /// </summary>
    public static async Task<int> RunAsync(CommandLine options, TextWriter output)
    {
        var (rate, seconds) = (options.Decimal("rate", 20, 0.1, 10_000), options.Number("duration", 10, 1, 3600));
        using var api = new HttpClient
        {
            BaseAddress = options.Url("api", "http://127.0.0.1:5080"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var sandbox = new HttpClient { BaseAddress = options.Url("sandbox", "http://127.0.0.1:5090") };
        await EnsureReachableAsync(api, "/health/ready", "Syntaskio API");
        await EnsureReachableAsync(sandbox, "/_sandbox/health", "provider emulator");

        var changes = (int)Math.Ceiling(rate * seconds);
        var users = options.Text("from", "") is { Length: > 0 } from
            ? JsonSerializer.Deserialize<List<SeededUser>>(await File.ReadAllTextAsync(from), Json)!
            : await SeedUsersAsync(
                options,
                options.Number("users", 10, 1, 100_000),
                options.Number("tasks-per-user", (changes + 9) / 10, 1, 100_000)
            );
        await SetProviderLatencyAsync(
            sandbox,
            options.Number("provider-latency-ms", 20, 0, 10_000),
            TimeSpan.FromSeconds(seconds + 300)
        );

        var pid = options.Number("service-pid", 0, 0, int.MaxValue);
        var meter = new DatabaseWorkMeter(ConnectionString(), () => ProcessCpu.Ms(pid));
        var ledger = options.Text("ledger", "") == "true" ? new StatementLedger(ConnectionString()) : null;
        if (ledger is not null)
            await ledger.StartAsync();
        var report = await new LoadRunner(api, sandbox, output, meter).RunAsync(
            users,
            rate,
            TimeSpan.FromSeconds(seconds),
            TimeSpan.FromSeconds(120),
            CancellationToken.None
        );
        if (ledger is not null)
            output.WriteLine(await ledger.StopAsync(report.Confirmed));
        report = report with { ServicePeakRssMb = ProcessMemory.Mb(pid, ProcessMemory.Peak) };
        var directory = options.Text(
            "out-dir",
            Path.Combine("bench", "results", $"load-{DateTime.UtcNow:yyyyMMdd-HHmmss}")
        );
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), report.ToMarkdown());
        output.WriteLine(report.ToMarkdown());
        output.WriteLine($"Written to {directory}");
        return report.Errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// baseline [--jobs N] [--workers W] [--enqueuers E] [--out FILE]: raw Hangfire no-op jobs/s on this database.
    /// </summary>
    public static async Task<int> BaselineAsync(CommandLine options, TextWriter output)
    {
        var result = await HangfireBaseline.MeasureAsync(
            ConnectionString(),
            options.Number("jobs", 3000, 1, 1_000_000),
            options.Number("workers", 20, 1, 200),
            options.Number("enqueuers", 4, 1, 64),
            CancellationToken.None
        );
        output.WriteLine(
            $"enqueue {result.EnqueuePerSecond:0}/s, drain {result.DrainPerSecond:0}/s, enqueue and process "
                + $"{result.EnqueueAndProcessPerSecond:0}/s"
        );
        if (result.Work is { } work)
            output.WriteLine(
                $"per job: {work.Statements:0.0} round trips, {work.CpuMs:0.00} CPU ms ({work.ServiceCpuMs:0.00} "
                    + $"+ {work.DatabaseCpuMs:0.00})"
            );
        if (options.Text("out", "") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Json));
        return 0;
    }

    /// <summary>
    /// history [--syncs N]: seeds N past syncs (default 2,000,000) into the database, as the bench's step 7 does.
    /// </summary>
    public static async Task<int> HistoryAsync(CommandLine options, TextWriter output)
    {
        var syncs = options.Number("syncs", BenchCommand.PastSyncs, 1000, 100_000_000);
        var took = await HistorySeeder.SeedAsync(ConnectionString(), syncs);
        output.WriteLine(
            $"Seeded {syncs:N0} past syncs with their attempts, events and audit rows in {took.TotalSeconds:0} s"
        );
        return 0;
    }

    public static string ConnectionString() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetConnectionString("Syntaskio")
        ?? throw new ArgumentException("ConnectionStrings__Syntaskio is not set.");

    /// <summary>
    /// bench [--api URL] [--sandbox URL] [--service-pid P] [--step-seconds S] [--soak-seconds S] [--out-dir DIR]: see
    /// BenchCommand.
    /// </summary>
    public static async Task<int> BenchAsync(CommandLine options, TextWriter output)
    {
        using var api = new HttpClient
        {
            BaseAddress = options.Url("api", "http://127.0.0.1:5080"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var sandbox = new HttpClient { BaseAddress = options.Url("sandbox", "http://127.0.0.1:5090") };
        await EnsureReachableAsync(api, "/health/ready", "Syntaskio API");
        await SetProviderLatencyAsync(sandbox, 20, TimeSpan.FromHours(1));
        var pid = options.Number("service-pid", 0, 0, int.MaxValue);
        var runner = new LoadRunner(
            api,
            sandbox,
            output,
            new DatabaseWorkMeter(ConnectionString(), () => ProcessCpu.Ms(pid))
        );
        return await BenchCommand.RunAsync(
            options,
            changes => SeedUsersAsync(options, users: 10, tasksPerUser: (changes + 9) / 10),
            runner,
            new OutageRun(sandbox, runner, providerLatencyMs: 20),
            new SoakRun(runner, () => ProcessMemory.Mb(pid, ProcessMemory.Resident)),
            new InboundRun(api, sandbox, TimeSpan.FromSeconds(10)),
            new WatcherCostRun(sandbox, runner, ConnectionString(), () => ProcessCpu.Ms(pid)),
            new StreamMemoryRun(api, () => ProcessMemory.Mb(pid, ProcessMemory.Resident)),
            new IdleRun(ConnectionString(), () => ProcessCpu.Ms(pid)),
            new VendorLatencyRun(sandbox, runner, usualLatencyMs: 20),
            users => SeedUsersAsync(options, users, tasksPerUser: 3),
            () => ProcessMemory.Mb(pid, ProcessMemory.Peak),
            output
        );
    }

    /// <summary>
    /// streams [--api URL] [--sandbox URL] [--service-pid P]: the bench's step (10) alone, against a running service
    /// whose Sync:Events:MaxStreamsPerAddress allows 1,000 streams from one address.
    /// </summary>
    public static async Task<int> StreamsAsync(CommandLine options, TextWriter output)
    {
        using var api = new HttpClient
        {
            BaseAddress = options.Url("api", "http://127.0.0.1:5080"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        await EnsureReachableAsync(api, "/health/ready", "Syntaskio API");
        var pid = options.Number("service-pid", 0, 0, int.MaxValue);
        var users = await SeedUsersAsync(options, StreamMemoryRun.People, tasksPerUser: 3);
        var report = await new StreamMemoryRun(api, () => ProcessMemory.Mb(pid, ProcessMemory.Resident)).RunAsync(
            users
        );
        output.WriteLine(
            $"{report.Streams} streams: RSS {report.BeforeMb:0.0} → {report.AfterMb:0.0} MB, "
                + $"{report.KbPerStream:0.0} KB per stream"
        );
        return 0;
    }

    private static async Task<IReadOnlyList<SeededUser>> SeedUsersAsync(
        CommandLine options,
        int users,
        int tasksPerUser
    )
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var services = new ServiceCollection().AddSyncDatabase(configuration).BuildServiceProvider();
        using var sandbox = new HttpClient { BaseAddress = options.Url("sandbox", "http://127.0.0.1:5090") };
        await EnsureReachableAsync(sandbox, "/_sandbox/health", "provider emulator");
        var seeder = new LoadSeeder(
            sandbox,
            services.GetRequiredService<UserRepository>(),
            services.GetRequiredService<ProviderConnectionRepository>(),
            services.GetRequiredService<TaskCatalogue>()
        );
        return await seeder.SeedAsync(users, tasksPerUser, CancellationToken.None);
    }

    // The emulator keeps the first fault that matches a request, so an earlier run's latency, set for five minutes
    // past its end, would otherwise hold through this run.
    private static async Task SetProviderLatencyAsync(HttpClient sandbox, int latencyMs, TimeSpan duration)
    {
        await SandboxFaults.ClearAsync(sandbox);
        if (latencyMs > 0)
            await SandboxFaults.ForEveryProviderAsync(sandbox, status: 0, latencyMs, duration);
    }

    private static async Task EnsureReachableAsync(HttpClient client, string path, string name)
    {
        try
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException exception)
        {
            throw new ServiceUnreachableException(
                $"The {name} at {client.BaseAddress} is not reachable ({exception.Message}). Start it with "
                    + $"`dotnet pwsh build.ps1 run`."
            );
        }
    }
}

public sealed class ServiceUnreachableException(string message) : Exception(message);
