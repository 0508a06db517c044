using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Api.Development;

/// <summary>
/// Puts the same demo objects in the emulator and in our database, as the aggregation service of earlier stories
/// would have: one user "demo" with a connection per provider and tasks of every kind.
/// </summary>
public sealed class DemoDataSeeder(
    HttpClient http,
    IOptions<DemoOptions> options,
    UserRepository users,
    TaskRepository tasks,
    ProviderConnectionRepository connections,
    ILogger<DemoDataSeeder> logger) : IHostedService
{
    private static readonly (string ListId, string TaskId, string Title)[] TodoTasks =
    [
        ("demo-list", "demo-task-1", "Send the quarterly report"),
        ("demo-list", "demo-task-2", "Book the team offsite"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sandbox = options.Value.SandboxUrl!;
        var userId = await users.EnsureAsync(options.Value.Subject, "demo@syntaskio.test", cancellationToken);
        var accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        foreach (var (listId, taskId, title) in TodoTasks)
        {
            var seeded = await http.PostAsJsonAsync(new Uri(sandbox, "/_sandbox/objects/microsoft"),
                new { accessToken, listId, taskId, title, status = "notStarted" }, cancellationToken);
            seeded.EnsureSuccessStatusCode();
            await tasks.UpsertAsync(new NewTask(userId, "microsoft", "todo_task", taskId, listId, title, TaskStatusNames.Pending), cancellationToken);
        }
        await connections.SaveAsync(userId, "microsoft", new Uri(sandbox, "/graph/v1.0"),
            new MicrosoftCredentials(accessToken).ToJson(), null, cancellationToken);
        logger.LogInformation("Seeded demo user '{Subject}' with {Count} tasks in the emulator at {Sandbox}", options.Value.Subject, TodoTasks.Length, sandbox);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
