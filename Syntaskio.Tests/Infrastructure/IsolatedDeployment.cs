using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// The service as it is deployed: an API process without workers and separate worker processes, on a database of
/// their own, calling the suite's emulator. For the tests that kill processes.
/// </summary>
public sealed class IsolatedDeployment : IAsyncDisposable
{
    // Every process started besides the first API: workers and further API nodes.
    private readonly List<ServiceProcess> workers = [];
    private ServiceProvider database = null!;

    private IsolatedDeployment(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    private IReadOnlyDictionary<string, string> apiSettings = new Dictionary<string, string>();

    public ServiceProcess Api { get; private set; } = null!;

    /// <param name="server">Another PostgreSQL server (a <see cref="TemporaryPostgres"/>), or null for the
    /// suite's.</param>
    /// <param name="apiSettings">Extra environment for the API process (settings as environment variables).</param>
    public static async Task<IsolatedDeployment> StartAsync(
        string? server = null,
        IReadOnlyDictionary<string, string>? apiSettings = null
    )
    {
        var deployment = new IsolatedDeployment(
            server is null ? await TestEnvironment.CreateIsolatedDatabaseAsync() : await CreateDatabaseOnAsync(server)
        );
        deployment.apiSettings = apiSettings ?? new Dictionary<string, string>();
        deployment.Api = ServiceProcess.StartApi(deployment.ApiEnvironment());
        await deployment.Api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        deployment.database = new ServiceCollection()
            .AddSyncDatabase(
                new ConfigurationBuilder()
                    .AddInMemoryCollection(
                        new Dictionary<string, string?>
                        {
                            ["ConnectionStrings:Syntaskio"] = deployment.ConnectionString,
                            ["Security:CredentialKey"] = TestEnvironment.CredentialKey,
                        }
                    )
                    .Build()
            )
            .BuildServiceProvider();
        return deployment;
    }

    private static async Task<string> CreateDatabaseOnAsync(string server)
    {
        await using (var admin = Npgsql.NpgsqlDataSource.Create(server))
        await using (var create = admin.CreateCommand("CREATE DATABASE syntaskio"))
            await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "syntaskio" }.ConnectionString;
    }

    /// <summary>Another API node on the same database with the same settings (no workers), as a load-balanced
    /// deployment runs several.</summary>
    public async Task<ServiceProcess> StartApiAsync()
    {
        var api = ServiceProcess.StartApi(ApiEnvironment());
        workers.Add(api);
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return api;
    }

    /// <param name="settings">Extra environment for the worker process (settings as environment variables).</param>
    public ServiceProcess StartWorker(string logLevel = "Warning", IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = Environment(workers: true);
        environment["Logging__LogLevel__Default"] = logLevel;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        environment["DOTNET_ENVIRONMENT"] = "Production";
        var worker = ServiceProcess.StartWorker(environment);
        workers.Add(worker);
        return worker;
    }

    /// <summary>A user with <paramref name="count"/> To Do tasks, and a client carrying the user's token.</summary>
    public async Task<(
        HttpClient Client,
        string ListId,
        IReadOnlyList<(Guid Id, string ExternalId)> Tasks
    )> CreateUserAsync(int count)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (subject, token, listId) = ($"crash-{suffix}", $"token-{suffix}", $"list-{suffix}");
        var userId = await database
            .GetRequiredService<UserRepository>()
            .EnsureAsync(subject, null, CancellationToken.None);
        await database
            .GetRequiredService<ProviderConnectionRepository>()
            .SaveAsync(
                userId,
                "microsoft",
                TestEnvironment.Sandbox.GraphBaseUrl,
                new MicrosoftCredentials(token).ToJson(),
                null,
                CancellationToken.None
            );
        var tasks = new List<(Guid, string)>();
        for (var i = 0; i < count; i++)
        {
            // Unique across the run: a fault matched on a task id never reaches another test's task.
            var taskId = $"t{i}-{suffix}";
            await TestEnvironment.Sandbox.SeedTodoAsync(token, listId, taskId);
            var id = await database
                .GetRequiredService<TaskCatalogue>()
                .UpsertAsync(
                    new NewTask(userId, "microsoft", "todo_task", taskId, listId, $"Task {i}", TaskStatusNames.Pending),
                    CancellationToken.None
                );
            tasks.Add((id, $"{listId}/{taskId}"));
        }
        return (await ClientForAsync(subject), listId, tasks);
    }

    /// <summary>
    /// A user with a ConnectWise connection to a new <see cref="ConnectWiseWorld"/>: its two service tickets, then
    /// the task on the first.
    /// </summary>
    public async Task<(
        HttpClient Client,
        ConnectWiseWorld World,
        IReadOnlyList<(Guid Id, string ExternalId)> Tasks
    )> CreateConnectWiseUserAsync()
    {
        var world = await ConnectWiseWorld.SeedAsync(TestEnvironment.Sandbox);
        var subject = $"cw-{Guid.NewGuid():N}"[..15];
        var userId = await EnsureUserAsync(subject);
        await database
            .GetRequiredService<ProviderConnectionRepository>()
            .SaveAsync(
                userId,
                "connectwise",
                TestEnvironment.Sandbox.ConnectWiseBaseUrl,
                world.Credentials.ToJson(),
                null,
                CancellationToken.None
            );
        var tasks = new List<(Guid, string)>();
        foreach (
            var (ticket, status) in new[] { (world.ServiceTicket, "In Progress"), (world.SecondServiceTicket, "New") }
        )
        {
            var externalId = ticket.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var id = await database
                .GetRequiredService<TaskCatalogue>()
                .UpsertAsync(
                    new NewTask(
                        userId,
                        "connectwise",
                        ConnectWiseKinds.ServiceTicket,
                        externalId,
                        null,
                        $"Ticket {ticket}",
                        TaskStatusNames.Pending,
                        status
                    ),
                    CancellationToken.None
                );
            tasks.Add((id, externalId));
        }
        var ticketTask = await database
            .GetRequiredService<TaskCatalogue>()
            .UpsertAsync(
                new NewTask(
                    userId,
                    "connectwise",
                    ConnectWiseKinds.ServiceTicketTask,
                    "1",
                    $"{world.ServiceTicket}",
                    "Call the vendor",
                    TaskStatusNames.Pending,
                    "open"
                ),
                CancellationToken.None
            );
        tasks.Add((ticketTask, $"{world.ServiceTicket}/1"));
        return (await ClientForAsync(subject), world, tasks);
    }

    /// <summary>
    /// A user with a Process Plan (v4) connection to a new <see cref="ProcessPlanWorld"/> and its first two steps, kept
    /// as v4 addresses them: "{tt_id}/{it_id}" in process instance "{ih_id}".
    /// </summary>
    public async Task<(
        HttpClient Client,
        ProcessPlanWorld World,
        IReadOnlyList<(Guid Id, string ExternalId)> Tasks
    )> CreateProcessPlanUserAsync()
    {
        var world = await ProcessPlanWorld.SeedAsync(TestEnvironment.Sandbox);
        var subject = $"pp-{Guid.NewGuid():N}"[..15];
        var userId = await EnsureUserAsync(subject);
        await database
            .GetRequiredService<ProviderConnectionRepository>()
            .SaveAsync(
                userId,
                "processplan",
                new Uri(TestEnvironment.Sandbox.BaseUrl, "/processplan/api/v4/"),
                world.Credentials.ToJson(),
                null,
                CancellationToken.None
            );
        var tasks = new List<(Guid, string)>();
        foreach (var step in new[] { "plan", "build" })
        {
            var externalId = $"{world.ProcessId}-template.{step}/{world.ProcessId}.{step}";
            var id = await database
                .GetRequiredService<TaskCatalogue>()
                .UpsertAsync(
                    new NewTask(
                        userId,
                        "processplan",
                        TaskKinds.ProcessStep,
                        externalId,
                        world.ProcessId,
                        step,
                        TaskStatusNames.Pending,
                        "pending"
                    ),
                    CancellationToken.None
                );
            tasks.Add((id, $"{world.ProcessId}/{externalId}"));
        }
        return (await ClientForAsync(subject), world, tasks);
    }

    private Task<Guid> EnsureUserAsync(string subject) =>
        database.GetRequiredService<UserRepository>().EnsureAsync(subject, null, CancellationToken.None);

    private async Task<HttpClient> ClientForAsync(string subject)
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await DevTokenAsync(subject)
        );
        return client;
    }

    /// <summary>A dev token from the API process for <paramref name="subject"/>, with these roles.</summary>
    public async Task<string> DevTokenAsync(string subject, params string[] roles)
    {
        using var client = new HttpClient { BaseAddress = Api.BaseUrl };
        var asked = await client.PostAsJsonAsync("/dev/token", new { sub = subject, roles });
        return (string)(await asked.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    public Task<long> CountAsync(string sql) => DatabaseProbe.CountOnAsync(ConnectionString, sql);

    /// <summary>Waits until every watch row has finished <paramref name="polls"/> polls since <paramref
    /// name="after"/>.</summary>
    public async Task WaitForPollsAsync(int polls, DateTimeOffset? after = null)
    {
        var since = after ?? DateTimeOffset.MinValue;
        for (var i = 0; i < polls; i++)
        {
            var mark = i == 0 ? since : DateTimeOffset.UtcNow;
            await Eventually.ReturnsAsync(
                () =>
                    CountAsync(
                        "SELECT COUNT(*) FROM connection_watches "
                            + $"WHERE polled_at IS NULL OR polled_at <= '{mark.UtcDateTime:O}'::timestamptz"
                    ),
                waiting => waiting == 0,
                TimeSpan.FromSeconds(30),
                "every connection polled"
            );
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
            await worker.DisposeAsync();
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }

    private Dictionary<string, string> ApiEnvironment()
    {
        var environment = Environment(workers: false);
        foreach (var (key, value) in apiSettings)
            environment[key] = value;
        return environment;
    }

    private Dictionary<string, string> Environment(bool workers) =>
        new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Syntaskio"] = ConnectionString,
            ["Auth__Issuer"] = SyncApiFactory.Issuer,
            ["Auth__Audience"] = SyncApiFactory.Audience,
            ["Auth__DevSigningKey"] = TestEnvironment.DevSigningKey,
            ["Security__CredentialKey"] = TestEnvironment.CredentialKey,
            ["Sync__Workers__Enabled"] = workers ? "true" : "false",
            ["Sync__Workers__InvisibilityTimeout"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
            // Streams are tested on their main path, the NOTIFY; EventDeliveryTests tests the fallback on its own.
            ["Sync__Events__FallbackPollInterval"] = "00:10:00",
            ["Sync__Workers__QueuePollInterval"] = "00:05:00",
            ["Sync__Workers__SchedulePollingInterval"] = "00:05:00",
        };
}
