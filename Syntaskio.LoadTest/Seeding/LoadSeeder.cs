using System.Net.Http.Json;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.LoadTest.Seeding;

/// <summary>
/// Seeds load users straight into the service's database (through its repositories, so credentials are encrypted
/// as in production) and the matching objects into the emulator: each user gets a To Do list, a ConnectWise board
/// with tickets and Process Plan processes of one template, and its tasks spread across them.
/// </summary>
public sealed class LoadSeeder(
    HttpClient sandbox,
    UserRepository users,
    ProviderConnectionRepository connections,
    TaskCatalogue tasks
)
{
    /// <summary>
    /// The Process Plan API the service speaks (Providers:ProcessPlan:Api): it decides how steps are addressed.
    /// </summary>
    public string ProcessPlanApi { get; init; } = ProcessPlanOptions.V4;

    // A person's steps are spread over processes of one short template, as people run the same process many times:
    // the watcher reads one pending list per template step, not one per task.
    private const int StepsPerProcess = 5;

    // Above the ids the test suite's ConnectWise worlds use (below 100,000,000), so a shared emulator never mixes them.
    private static int nextNumericId = Random.Shared.Next(1_001, 20_000) * 100_000;

    public async Task<IReadOnlyList<SeededUser>> SeedAsync(
        int userCount,
        int tasksPerUser,
        CancellationToken cancellationToken
    )
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var seeded = new List<SeededUser>();
        for (var u = 0; u < userCount; u++)
            seeded.Add(await SeedUserAsync($"load-{run}-{u}", tasksPerUser, cancellationToken));
        return seeded;
    }

    private async Task<SeededUser> SeedUserAsync(string sub, int taskCount, CancellationToken cancellationToken)
    {
        var userId = await users.EnsureAsync(sub, null, cancellationToken);
        var microsoft = new MicrosoftCredentials($"at-{Guid.NewGuid():N}", $"rt-{Guid.NewGuid():N}");
        var connectWise = new ConnectWiseCredentials(
            $"co{sub}",
            "pub",
            $"priv-{Guid.NewGuid():N}",
            Guid.NewGuid().ToString()
        );
        var processPlan = new ProcessPlanCredentials($"pp-{Guid.NewGuid():N}");
        var (board, templateId) = (Interlocked.Increment(ref nextNumericId), $"template-{sub}");
        var ticketIds = Enumerable
            .Range(0, (taskCount + 2) / 3)
            .Select(_ => Interlocked.Increment(ref nextNumericId))
            .ToList();
        var steps = Enumerable
            .Range(0, taskCount / 3)
            .Select(i => (Process: $"process-{sub}-{i / StepsPerProcess}", Step: $"step-{i % StepsPerProcess}"))
            .ToList();

        await PostAsync(
            "connectwise",
            new
            {
                member = connectWise,
                boards = new[]
                {
                    new
                    {
                        id = board,
                        name = "Load",
                        statuses = new object[]
                        {
                            new
                            {
                                id = 1,
                                name = "New",
                                defaultFlag = true,
                            },
                            new
                            {
                                id = 2,
                                name = "Closed",
                                closedStatus = true,
                            },
                        },
                    },
                },
                tickets = ticketIds.Select(id => new
                {
                    id,
                    summary = $"Ticket {id}",
                    boardId = board,
                    statusId = 1,
                }),
            },
            cancellationToken
        );
        foreach (var process in steps.GroupBy(step => step.Process))
        {
            await PostAsync(
                "processplan",
                new
                {
                    apiToken = processPlan.ApiToken,
                    processId = process.Key,
                    templateId,
                    steps = process.Select(step => new { id = step.Step }),
                },
                cancellationToken
            );
        }

        var seededTasks = new List<SeededTask>();
        for (var i = 0; i < taskCount; i++)
        {
            var (source, kind, externalId, container) = (i % 3) switch
            {
                0 => ("connectwise", ConnectWiseKinds.ServiceTicket, ticketIds[i / 3].ToString(), (string?)null),
                1 => ("microsoft", "todo_task", $"todo-{i}", $"list-{sub}"),
                _ => ("processplan", "process_step", StepAddress(templateId, steps[i / 3]), steps[i / 3].Process),
            };
            if (source == "microsoft")
                await PostAsync(
                    "microsoft",
                    new
                    {
                        accessToken = microsoft.AccessToken,
                        refreshToken = microsoft.RefreshToken,
                        listId = container,
                        taskId = externalId,
                    },
                    cancellationToken
                );
            var id = await tasks.UpsertAsync(
                new NewTask(
                    userId,
                    source,
                    kind,
                    externalId,
                    container,
                    $"{kind} {externalId}",
                    TaskStatusNames.Pending
                ),
                cancellationToken
            );
            seededTasks.Add(new SeededTask(id, source, container is null ? externalId : $"{container}/{externalId}"));
        }

        await connections.SaveAsync(
            userId,
            "microsoft",
            new Uri(sandbox.BaseAddress!, "/graph/v1.0"),
            microsoft.ToJson(),
            null,
            cancellationToken
        );
        await connections.SaveAsync(
            userId,
            "connectwise",
            new Uri(sandbox.BaseAddress!, "/connectwise/v4_6_release/apis/3.0/"),
            connectWise.ToJson(),
            null,
            cancellationToken
        );
        var processPlanPath = ProcessPlanApi == ProcessPlanOptions.V4 ? "/processplan/api/v4/" : "/processplan/api/v1/";
        await connections.SaveAsync(
            userId,
            "processplan",
            new Uri(sandbox.BaseAddress!, processPlanPath),
            processPlan.ToJson(),
            null,
            cancellationToken
        );
        return new SeededUser(sub, seededTasks.Select(task => task.Id).ToList(), seededTasks);
    }

    // v4 addresses a step by its template task and instance task (the emulator's "{template}.{step}",
    // "{process}.{step}").
    private string StepAddress(string templateId, (string Process, string Step) step) =>
        ProcessPlanApi == ProcessPlanOptions.V4 ? $"{templateId}.{step.Step}/{step.Process}.{step.Step}" : step.Step;

    private async Task PostAsync(string provider, object body, CancellationToken cancellationToken) =>
        (
            await sandbox.PostAsJsonAsync($"/_sandbox/objects/{provider}", body, cancellationToken)
        ).EnsureSuccessStatusCode();
}
