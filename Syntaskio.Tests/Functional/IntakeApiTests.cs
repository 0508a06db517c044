using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>PUT /api/intake/users/{subject}/tasks: the task aggregation service hands a person's tasks in.</summary>
public sealed class IntakeApiTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static Task<HttpClient> ServiceAsync() =>
        TestEnvironment.Api.CreateClientAsync("task-service", "sync-intake");

    private static object Todo(
        string listId,
        string taskId,
        string status = "pending",
        string vendorStatus = "notStarted",
        string? title = null
    ) =>
        new
        {
            source = "microsoft",
            kind = "todo_task",
            externalId = $"{listId}/{taskId}",
            title = title ?? $"Task {taskId}",
            status,
            vendorStatus,
        };

    [Test]
    public async Task Intake_CreatesTheUserAndTasks_IsIdempotent_AndUpdatesAndRemoves()
    {
        using var service = await ServiceAsync();
        var subject = $"intake-{Guid.NewGuid():N}";
        var path = $"/api/intake/users/{subject}/tasks";
        object[] tasks =
        [
            Todo("list", "a"),
            Todo("list", "b"),
            new
            {
                source = "connectwise",
                kind = "service_ticket",
                externalId = "4711",
                title = "Ticket",
                status = "pending",
                vendorStatus = "New",
            },
        ];

        var first = await (
            await service.PutAsJsonAsync(path, new { email = $"{subject}@example.test", tasks })
        ).Content.ReadFromJsonAsync<JsonObject>();
        var again = await (
            await service.PutAsJsonAsync(path, new { email = $"{subject}@example.test", tasks })
        ).Content.ReadFromJsonAsync<JsonObject>();
        var changed = await (
            await service.PutAsJsonAsync(
                path,
                new
                {
                    tasks = new object[]
                    {
                        Todo("list", "a", "completed", "completed"),
                        new
                        {
                            source = "microsoft",
                            externalId = "list/b",
                            removed = true,
                        },
                    },
                }
            )
        ).Content.ReadFromJsonAsync<JsonObject>();
        using var user = await TestEnvironment.Api.CreateClientAsync(subject);
        var seen = (await user.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(task => task!.AsObject()).ToList();

        Assert.That(first!.ToJsonString(), Is.EqualTo("""{"created":3,"updated":0,"removed":0}"""));
        Assert.That(again!.ToJsonString(), Is.EqualTo("""{"created":0,"updated":0,"removed":0}"""));
        Assert.That(changed!.ToJsonString(), Is.EqualTo("""{"created":0,"updated":1,"removed":1}"""));
        Assert.That(
            seen.Select(task => ((string?)task["externalId"], (string?)task["status"])),
            Is.EquivalentTo(new[] { ((string?)"list/a", (string?)"completed"), ("4711", "pending") })
        );
    }

    [Test]
    public async Task Intake_Is400NamingTheItem_AndWritesNothing_WhenOneItemIsMalformed()
    {
        using var service = await ServiceAsync();
        var subject = $"intake-{Guid.NewGuid():N}";

        var response = await service.PutAsJsonAsync(
            $"/api/intake/users/{subject}/tasks",
            new
            {
                tasks = new object[]
                {
                    Todo("list", "a"),
                    new
                    {
                        source = "microsoft",
                        kind = "ticket",
                        externalId = "x",
                        title = "t",
                        status = "pending",
                    },
                },
            }
        );
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["errors"]!.AsObject().Select(error => error.Key), Is.EqualTo(new[] { "tasks[1].kind" }));
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM users WHERE external_id = @subject",
                ("subject", subject)
            ),
            Is.Zero
        );
    }

    [Test]
    public async Task Intake_Is403ForAPersonsToken_And401WithoutOne()
    {
        using var person = await TestEnvironment.Api.CreateClientAsync($"person-{Guid.NewGuid():N}");
        using var anonymous = TestEnvironment.Api.CreateClient();
        var body = new { tasks = new[] { Todo("list", "a") } };

        var forbidden = await person.PutAsJsonAsync("/api/intake/users/someone/tasks", body);
        var unauthenticated = await anonymous.PutAsJsonAsync("/api/intake/users/someone/tasks", body);

        Assert.That(
            (forbidden.StatusCode, unauthenticated.StatusCode),
            Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized))
        );
    }

    [Test]
    public async Task Intake_TakesAThousandTasksInOneCall()
    {
        using var service = await ServiceAsync();
        var tasks = Enumerable
            .Range(0, 1000)
            .Select(i => Todo("bulk-list", $"task-{i:D4}", title: $"A task with a title of a usual length, number {i}"))
            .ToArray();

        var response = await service.PutAsJsonAsync(
            $"/api/intake/users/intake-{Guid.NewGuid():N}/tasks",
            new { tasks }
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["created"]!, Is.EqualTo(1000));
    }

    [Test]
    public async Task Intake_KeepsThePendingIntent_OfATaskWithASyncInFlight()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        var (listId, taskId) = (user.ListId, user.Tasks[0].ExternalId.Split('/')[1]);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        using var service = await ServiceAsync();
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 503, count: 1);
        var location = (
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        await Eventually.ReturnsAsync(
            () => SyncJobProbe.GetAsync(client, location),
            job => (int)job["attempts"]! == 1,
            Deadline,
            "the 503"
        );

        var intake = await service.PutAsJsonAsync(
            $"/api/intake/users/{user.Subject}/tasks",
            new { tasks = new[] { Todo(listId, taskId) } }
        );
        var during = (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"];
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);

        Assert.That(intake.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(during, Is.EqualTo("completed"), "the user's pending intent stands while its sync is in flight");
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"],
            Is.EqualTo("completed")
        );
    }
}
