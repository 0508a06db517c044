using Microsoft.Extensions.Options;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Development;

/// <summary>
/// Puts the same demo objects in the emulator and in our database, as the aggregation service of earlier stories
/// would have: one user "demo" with a connection per provider and a task of every kind (see <see cref="DemoCatalog"/>).
/// The emulator starts fresh on every run, so every demo task is reset to what it shows, status and all, as the
/// aggregation service would report it: the first change of every demo task lands, with no false conflict.
/// </summary>
public sealed class DemoDataSeeder(
    HttpClient http,
    IOptions<DemoOptions> options,
    UserRepository users,
    TaskCatalogue tasks,
    ProviderConnectionRepository connections,
    ILogger<DemoDataSeeder> logger
) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sandbox = options.Value.SandboxUrl!;
        var catalog = DemoCatalog.Create();
        var userId = await users.EnsureAsync(options.Value.Subject, "demo@syntaskio.test", cancellationToken);

        foreach (var seed in catalog.EmulatorSeeds)
        {
            var response = await http.PostAsJsonAsync(
                new Uri(sandbox, $"/_sandbox/objects/{seed.Provider}"),
                seed.Body,
                cancellationToken
            );
            response.EnsureSuccessStatusCode();
        }
        foreach (var connection in catalog.Connections)
            await connections.SaveAsync(
                userId,
                connection.Provider,
                new Uri(sandbox, connection.Path),
                connection.CredentialsJson,
                null,
                cancellationToken
            );
        foreach (var task in catalog.Tasks)
        {
            await tasks.UpsertAsync(
                new NewTask(
                    userId,
                    task.Source,
                    task.Kind,
                    task.ExternalId,
                    task.ContainerId,
                    task.Title,
                    TaskStatusNames.Pending,
                    task.VendorStatus
                ),
                cancellationToken
            );
        }
        logger.LogInformation(
            "Seeded demo user '{Subject}' with {Count} tasks in the emulator at {Sandbox}",
            options.Value.Subject,
            catalog.Tasks.Count,
            sandbox
        );
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
