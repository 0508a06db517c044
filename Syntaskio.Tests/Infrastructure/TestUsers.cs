using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// Users with a Microsoft connection and To Do tasks, present both in the emulator and in our database.
/// </summary>
public static class TestUsers
{
    /// <param name="services">The host whose database gets the user; the suite's API when null.</param>
    public static async Task<TestUser> CreateWithTodoTasksAsync(
        int taskCount = 1,
        string status = "notStarted",
        IServiceProvider? services = null
    )
    {
        services ??= TestEnvironment.Api.Services;
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var subject = $"user-{suffix}";
        var accessToken = $"token-{Guid.NewGuid():N}";
        var refreshToken = $"refresh-{Guid.NewGuid():N}";
        var listId = $"list-{suffix}";
        var userId = await services
            .GetRequiredService<UserRepository>()
            .EnsureAsync(subject, $"{subject}@example.test", CancellationToken.None);
        await services
            .GetRequiredService<ProviderConnectionRepository>()
            .SaveAsync(
                userId,
                "microsoft",
                TestEnvironment.Sandbox.GraphBaseUrl,
                new MicrosoftCredentials(accessToken, refreshToken).ToJson(),
                null,
                CancellationToken.None
            );

        var tasks = new List<SeededTask>();
        var taskStatus = status == "completed" ? TaskStatusNames.Completed : TaskStatusNames.Pending;
        for (var i = 0; i < taskCount; i++)
        {
            var taskId = $"task-{i}-{suffix}";
            await TestEnvironment.Sandbox.SeedTodoAsync(accessToken, listId, taskId, status, refreshToken);
            var id = await services
                .GetRequiredService<TaskCatalogue>()
                .UpsertAsync(
                    new NewTask(userId, "microsoft", "todo_task", taskId, listId, $"Task {taskId}", taskStatus),
                    CancellationToken.None
                );
            tasks.Add(new SeededTask(id, $"{listId}/{taskId}"));
        }
        return new TestUser(subject, userId, accessToken, refreshToken, tasks);
    }

    /// <summary>One more task for an existing user, as the aggregation service would add it.</summary>
    public static async Task<SeededTask> AddTaskAsync(
        Guid userId,
        string source,
        string kind,
        string externalId,
        string? containerId
    )
    {
        var id = await TestEnvironment
            .Api.Services.GetRequiredService<TaskCatalogue>()
            .UpsertAsync(
                new NewTask(
                    userId,
                    source,
                    kind,
                    externalId,
                    containerId,
                    $"{kind} {externalId}",
                    TaskStatusNames.Pending
                ),
                CancellationToken.None
            );
        return new SeededTask(id, containerId is null ? externalId : $"{containerId}/{externalId}");
    }
}

public sealed record TestUser(
    string Subject,
    Guid UserId,
    string AccessToken,
    string RefreshToken,
    IReadOnlyList<SeededTask> Tasks
)
{
    /// <summary>The user's To Do list id: a fault matched on it touches only this user's requests.</summary>
    public string ListId => Tasks[0].ExternalId.Split('/')[0];
}

public sealed record SeededTask(Guid Id, string ExternalId);
