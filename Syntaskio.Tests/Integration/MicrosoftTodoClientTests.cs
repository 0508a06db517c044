using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The Graph SDK client against the emulator over loopback HTTP: what it sends and how it reads failures.
/// </summary>
public sealed class MicrosoftTodoClientTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private ServiceProvider services = null!;
    private MicrosoftTodoClient client = null!;
    private string token = "";
    private string listId = "";

    [SetUp]
    public async Task SetUp()
    {
        services = ProviderClientHarness.Build();
        client = services.GetRequiredService<MicrosoftTodoClient>();
        token = $"token-{Guid.NewGuid():N}";
        listId = $"list-{Guid.NewGuid():N}";
        await Sandbox.SeedTodoAsync(token, listId, "task-1");
    }

    [TearDown]
    public async Task TearDown()
    {
        await Sandbox.ClearFaultsAsync();
        await services.DisposeAsync();
    }

    private ProviderConnection Connection(string? accessToken = null, Uri? baseUrl = null) =>
        new(Guid.NewGuid(), baseUrl ?? Sandbox.GraphBaseUrl, new MicrosoftCredentials(accessToken ?? token).ToJson());

    private ProviderStatusChange Change(TargetStatus target, string taskId = "task-1") =>
        new("todo_task", taskId, listId, target);

    [Test]
    public async Task ApplyAsync_SendsPatchWithStatus_AndTakesTheTaskItAnswers_WhenCompleting()
    {
        var before = DateTimeOffset.UtcNow;
        var result = await client.ApplyAsync(Change(TargetStatus.Completed), Connection(), CancellationToken.None);

        Assert.That(result with { VendorModifiedAt = null }, Is.EqualTo(new ProviderWriteResult("completed", true)));
        Assert.That(
            result.VendorModifiedAt,
            Is.GreaterThanOrEqualTo(before).And.LessThanOrEqualTo(DateTimeOffset.UtcNow),
            "the answered task's lastModifiedDateTime: how the change feed recognises this write coming back"
        );
        var requests = (await Sandbox.GetRequestsAsync("microsoft"))
            .Where(request => ((string?)request!["path"])!.Contains(listId))
            .ToList();
        Assert.That(
            requests.Select(request => (string?)request!["method"]),
            Is.EqualTo(new[] { "GET", "PATCH" }),
            "read, then write: the PATCH answers with the task"
        );
        var patch = requests[1]!;
        Assert.That((string?)patch["path"], Is.EqualTo($"/graph/v1.0/me/todo/lists/{listId}/tasks/task-1"));
        Assert.That((string?)patch["headers"]!["Authorization"], Is.EqualTo($"Bearer {token}"));
        Assert.That((string?)patch["headers"]!["Content-Type"], Does.StartWith("application/json"));
        var body = JsonNode.Parse((string)patch["body"]!)!.AsObject();
        Assert.That((string?)body["status"], Is.EqualTo("completed"));
        Assert.That(body.Select(property => property.Key), Is.SubsetOf(new[] { "status", "@odata.type" }));
    }

    [Test]
    public async Task ApplyAsync_SetsNotStarted_WhenReopening()
    {
        await client.ApplyAsync(Change(TargetStatus.Completed), Connection(), CancellationToken.None);

        var result = await client.ApplyAsync(Change(TargetStatus.Pending), Connection(), CancellationToken.None);

        Assert.That(result with { VendorModifiedAt = null }, Is.EqualTo(new ProviderWriteResult("notStarted", false)));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", $"{listId}/task-1"))!["status"],
            Is.EqualTo("notStarted")
        );
    }

    [Test]
    public async Task ApplyAsync_SetsInProgress_AndTheTaskLosesItsCompletedDateTime_WhenStartingACompletedTask()
    {
        await client.ApplyAsync(Change(TargetStatus.Completed), Connection(), CancellationToken.None);

        var result = await client.ApplyAsync(Change(TargetStatus.InProgress), Connection(), CancellationToken.None);

        Assert.That(result with { VendorModifiedAt = null }, Is.EqualTo(new ProviderWriteResult("inProgress", false)));
        using var graph = new HttpClient();
        graph.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var task = await graph.GetFromJsonAsync<JsonObject>(
            $"{Sandbox.GraphBaseUrl.ToString().TrimEnd('/')}/me/todo/lists/{listId}/tasks/task-1"
        );
        Assert.That((string?)task!["status"], Is.EqualTo("inProgress"));
        Assert.That(task.ContainsKey("completedDateTime"), Is.False);
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentWithGraphCode_WhenTaskDoesNotExist()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            client.ApplyAsync(Change(TargetStatus.Completed, "missing"), Connection(), CancellationToken.None)
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(404));
        Assert.That(error.ErrorCode, Is.EqualTo("ErrorItemNotFound"));
        Assert.That(error.Message, Does.Contain("404"));
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentReconnect_WhenTokenIsRejectedAndThereIsNoRefreshToken()
    {
        var unknownToken = $"unknown-{Guid.NewGuid():N}";

        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            client.ApplyAsync(Change(TargetStatus.Completed), Connection(unknownToken), CancellationToken.None)
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(401));
        Assert.That(error.Message, Does.Contain("reconnect your Microsoft account"));
        Assert.That(error.Message, Does.Not.Contain(unknownToken), "the token itself never reaches an error message");
    }

    [Test]
    public async Task ApplyAsync_RefreshesAndRetriesOnce_WhenAccessTokenExpired()
    {
        var refreshToken = $"refresh-{Guid.NewGuid():N}";
        await Sandbox.SeedTodoAsync(token, listId, "task-2", refreshToken: refreshToken);
        await Sandbox.ExpireAccessTokenAsync(token);
        var connection = new ProviderConnection(
            Guid.NewGuid(),
            Sandbox.GraphBaseUrl,
            new MicrosoftCredentials(token, refreshToken).ToJson()
        );

        var result = await client.ApplyAsync(
            Change(TargetStatus.Completed, "task-2"),
            connection,
            CancellationToken.None
        );

        Assert.That(result.Done, Is.True);
        var sent = (await Sandbox.GetRequestsAsync("microsoft")).Select(request => request!.AsObject()).ToList();
        var refresh = sent.Single(request =>
            ((string)request["path"]!).StartsWith("/login/") && ((string)request["body"]!).Contains(refreshToken)
        );
        Assert.That((string?)refresh["path"], Is.EqualTo("/login/common/oauth2/v2.0/token"));
        Assert.That(
            (string)refresh["body"]!,
            Does.Contain("grant_type=refresh_token")
                .And.Contain("client_id=syntaskio-tests")
                .And.Contain("scope=Tasks.ReadWrite")
        );
    }

    [Test]
    public async Task ApplyAsync_ThrowsTransientWithRetryAfter_WhenThrottled()
    {
        await Sandbox.AddFaultAsync("microsoft", listId, 429, count: 1, retryAfterSeconds: 7);

        var error = Assert.ThrowsAsync<TransientProviderException>(() =>
            client.ApplyAsync(Change(TargetStatus.Completed), Connection(), CancellationToken.None)
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(429));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task ApplyAsync_ThrowsTransient_WhenProviderIsSlowerThanTheTimeout()
    {
        await Sandbox.AddFaultAsync("microsoft", listId, 0, count: 1, latencyMs: 3000);

        var error = Assert.ThrowsAsync<TransientProviderException>(() =>
            client.ApplyAsync(Change(TargetStatus.Completed), Connection(), CancellationToken.None)
        );

        Assert.That(error!.Message, Does.Contain("timed out"));
    }

    [Test]
    public void ApplyAsync_ThrowsTransient_WhenNothingListens()
    {
        var closed = new Uri("http://127.0.0.1:9/graph/v1.0");

        var error = Assert.ThrowsAsync<TransientProviderException>(() =>
            client.ApplyAsync(Change(TargetStatus.Completed), Connection(baseUrl: closed), CancellationToken.None)
        );

        Assert.That(error!.Message, Does.Contain("could not be reached"));
    }
}
