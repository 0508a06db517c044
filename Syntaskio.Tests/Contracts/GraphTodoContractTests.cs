using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Sandbox.Microsoft;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// Holds the emulator's To Do responses and error bodies, and the client's requests, to Microsoft's published OpenAPI
/// description (graph-todo-v1.0.yaml: the /users/{user-id} form of the same paths that /me aliases).
/// </summary>
public sealed class GraphTodoContractTests
{
    private const string TaskPath = "/users/{user-id}/todo/lists/{todoTaskList-id}/tasks/{todoTask-id}";
    private static readonly OpenApiSpec Spec = OpenApiSpec.Load("graph-todo-v1.0.yaml");
    private static readonly SchemaChecker Checker = new(Spec);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private HttpClient graph = null!;
    private string token = "";
    private string listId = "";

    [SetUp]
    public async Task SetUp()
    {
        token = $"token-{Guid.NewGuid():N}";
        listId = $"list-{Guid.NewGuid():N}";
        await Sandbox.SeedTodoAsync(token, listId, "task-1");
        graph = new HttpClient { BaseAddress = new Uri(Sandbox.BaseUrl, "/graph/v1.0/") };
        graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    [TearDown]
    public async Task TearDown()
    {
        graph.Dispose();
        await Sandbox.ClearFaultsAsync();
    }

    private static JsonObject TodoTask => Spec.Schema("microsoft.graph.todoTask");

    private static JsonObject ODataError => Spec.Schema("microsoft.graph.ODataErrors.ODataError");

    [Test]
    public void Spec_TaskStatuses_AreExactlyTheEmulatorsStatuses()
    {
        var statuses = Spec.Schema("microsoft.graph.taskStatus")["enum"]!.AsArray().Select(status => (string?)status);

        Assert.That(TodoStore.Statuses, Is.EqualTo(statuses));
    }

    [Test]
    public void Spec_TaskPath_HasGetAndPatch()
    {
        var item = Spec.PathItem(TaskPath);

        Assert.That(item, Is.Not.Null);
        Assert.That(item!.ContainsKey("get") && item.ContainsKey("patch"), Is.True);
    }

    [Test]
    public async Task EmulatorGetTask_ConformsToTodoTask()
    {
        var task = await graph.GetFromJsonAsync<JsonObject>($"me/todo/lists/{listId}/tasks/task-1");

        Assert.That(Checker.Check(task, TodoTask), Is.Empty);
        Assert.That((string?)task!["status"], Is.EqualTo("notStarted"));
    }

    [Test]
    public async Task EmulatorPatchResponse_ConformsToTodoTask_WithCompletedDateTime()
    {
        var response = await graph.PatchAsync(
            $"me/todo/lists/{listId}/tasks/task-1",
            Json("""{"status":"completed"}""")
        );
        var task = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That((int)response.StatusCode, Is.InRange(200, 299));
        Assert.That(Checker.Check(task, TodoTask), Is.Empty);
        Assert.That((string?)task!["completedDateTime"]!["timeZone"], Is.EqualTo("UTC"));
        Assert.That(
            (string?)task["completedDateTime"]!["dateTime"],
            Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$")
        );
    }

    [TestCase("me/todo/lists/{0}/tasks/missing", "GET", null, 404)]
    [TestCase("me/todo/lists/{0}/tasks/task-1", "PATCH", """{"status":"finished"}""", 400)]
    [TestCase("me/todo/lists/{0}/tasks/task-1", "PATCH", """not json""", 400)]
    [TestCase("me/todo/lists/{0}/tasks/task-1", "PATCH", """{"colour":"red"}""", 400)]
    public async Task EmulatorErrors_ConformToODataError(string route, string method, string? body, int status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), string.Format(route, listId))
        {
            Content = body is null ? null : Json(body),
        };

        var response = await graph.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(Checker.Check(await response.Content.ReadFromJsonAsync<JsonObject>(), ODataError), Is.Empty);
    }

    [Test]
    public async Task EmulatorUnauthorized_IsODataErrorWithInvalidAuthenticationToken()
    {
        graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-known-token");

        var response = await graph.GetAsync($"me/todo/lists/{listId}/tasks/task-1");
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That(Checker.Check(error, ODataError), Is.Empty);
        Assert.That((string?)error!["error"]!["code"], Is.EqualTo("InvalidAuthenticationToken"));
    }

    [Test]
    public async Task EmulatorThrottling_IsODataErrorWithRetryAfter()
    {
        await Sandbox.AddFaultAsync("microsoft", listId, 429, count: 1, retryAfterSeconds: 3);

        var response = await graph.GetAsync($"me/todo/lists/{listId}/tasks/task-1");

        Assert.That((int)response.StatusCode, Is.EqualTo(429));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(Checker.Check(await response.Content.ReadFromJsonAsync<JsonObject>(), ODataError), Is.Empty);
    }

    [Test]
    public async Task EmulatorPatchResponse_ConformsToTodoTask_WithoutCompletedDateTime_WhenInProgress()
    {
        await graph.PatchAsync($"me/todo/lists/{listId}/tasks/task-1", Json("""{"status":"completed"}"""));
        var response = await graph.PatchAsync(
            $"me/todo/lists/{listId}/tasks/task-1",
            Json("""{"status":"inProgress"}""")
        );
        var task = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(Checker.Check(task, TodoTask), Is.Empty);
        Assert.That((string?)task!["status"], Is.EqualTo("inProgress"));
        Assert.That(task.ContainsKey("completedDateTime"), Is.False);
    }

    [Test]
    public async Task ClientRequests_UseSpecPathsAndTodoTaskBodies()
    {
        await using var services = Integration.ProviderClientHarness.Build();
        var client = services.GetRequiredService<MicrosoftTodoClient>();
        var connection = new ProviderConnection(
            Guid.NewGuid(),
            Sandbox.GraphBaseUrl,
            new MicrosoftCredentials(token).ToJson()
        );

        await client.ApplyAsync(
            new ProviderStatusChange("todo_task", "task-1", listId, TargetStatus.Completed),
            connection,
            CancellationToken.None
        );
        await client.ApplyAsync(
            new ProviderStatusChange("todo_task", "task-1", listId, TargetStatus.Pending),
            connection,
            CancellationToken.None
        );
        await client.ApplyAsync(
            new ProviderStatusChange("todo_task", "task-1", listId, TargetStatus.InProgress),
            connection,
            CancellationToken.None
        );

        var sent = (await Sandbox.GetRequestsAsync("microsoft"))
            .Select(request => request!.AsObject())
            .Where(request => ((string)request["path"]!).Contains(listId))
            .ToList();
        var template = new Regex("^" + Regex.Replace(Regex.Escape(TaskPath), @"\\\{[^}]+}", "[^/]+") + "$");
        foreach (var request in sent)
        {
            var specPath = ((string)request["path"]!).Replace("/graph/v1.0/me/", "/users/me/");
            Assert.That(template.IsMatch(specPath), Is.True, $"{specPath} is not {TaskPath}");
            Assert.That(Spec.PathItem(TaskPath)!.ContainsKey(((string)request["method"]!).ToLowerInvariant()), Is.True);
        }
        var bodies = sent.Where(request => (string?)request["method"] == "PATCH")
            .Select(request => JsonNode.Parse((string)request["body"]!))
            .ToList();
        Assert.That(bodies, Has.Count.EqualTo(3));
        Assert.That(bodies.SelectMany(body => Checker.Check(body, TodoTask)), Is.Empty);
        Assert.That(
            bodies.Select(body => (string?)body!["status"]),
            Is.EqualTo(new[] { "completed", "notStarted", "inProgress" })
        );
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
