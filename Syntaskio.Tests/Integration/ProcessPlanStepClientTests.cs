using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ProcessPlan;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The RestSharp Process Plan client against the emulator: step writes, process progression, each error category.
/// </summary>
public sealed class ProcessPlanStepClientTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private ServiceProvider services = null!;
    private ProcessPlanStepClient client = null!;
    private ProcessPlanWorld world = null!;

    [SetUp]
    public async Task SetUp()
    {
        services = ProviderClientHarness.Build();
        client = services.GetRequiredService<ProcessPlanStepClient>();
        world = await ProcessPlanWorld.SeedAsync(Sandbox);
    }

    [TearDown]
    public async Task TearDown()
    {
        await Sandbox.ClearFaultsAsync();
        await services.DisposeAsync();
    }

    private Task<ProviderWriteResult> Apply(
        string step,
        TargetStatus target,
        ProcessPlanWorld? on = null,
        ProcessPlanCredentials? credentials = null
    )
    {
        var process = on ?? world;
        var connection = new ProviderConnection(
            Guid.NewGuid(),
            Sandbox.ProcessPlanBaseUrl,
            (credentials ?? process.Credentials).ToJson()
        );
        return client.ApplyAsync(
            new ProviderStatusChange("process_step", step, process.ProcessId, target),
            connection,
            CancellationToken.None
        );
    }

    [Test]
    public async Task ApplyAsync_PatchesStepWithStatusAndCompletedAt_AndReportsTheProcess()
    {
        var result = await Apply("plan", TargetStatus.Completed);

        Assert.That(result.Done, Is.True);
        Assert.That(result.Detail, Is.EqualTo($"process {world.ProcessId} is in_progress"));
        var patch = (await Sandbox.GetRequestsAsync("processplan"))
            .Select(request => request!.AsObject())
            .Single(request =>
                (string?)request["method"] == "PATCH" && ((string)request["path"]!).Contains(world.ProcessId)
            );
        Assert.That((string?)patch["path"], Is.EqualTo($"/processplan/api/v1/processes/{world.ProcessId}/steps/plan"));
        Assert.That((string?)patch["headers"]!["Authorization"], Is.EqualTo($"Bearer {world.Credentials.ApiToken}"));
        var body = JsonNode.Parse((string)patch["body"]!)!.AsObject();
        Assert.That(body.Select(field => field.Key), Is.EqualTo(new[] { "status", "completedAt" }));
        Assert.That((string?)body["status"], Is.EqualTo("completed"));
        Assert.That(DateTimeOffset.TryParse((string?)body["completedAt"], out _), Is.True);
    }

    [Test]
    public async Task ApplyAsync_AdvancesTheProcess_WhenItsLastStepCompletes()
    {
        await Apply("plan", TargetStatus.Completed);
        await Apply("build", TargetStatus.Completed);

        var result = await Apply("ship", TargetStatus.Completed);

        Assert.That(result.Detail, Is.EqualTo($"process {world.ProcessId} is completed"));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("processplan", world.ProcessId))!["status"],
            Is.EqualTo("completed")
        );
    }

    [Test]
    public async Task ApplyAsync_SendsInProgressWithStartedAt_WhenStarting()
    {
        var result = await Apply("plan", TargetStatus.InProgress);

        Assert.That(
            result,
            Is.EqualTo(new ProviderWriteResult("in_progress", false, null, $"process {world.ProcessId} is in_progress"))
        );
        var patch = (await Sandbox.GetRequestsAsync("processplan"))
            .Select(request => request!.AsObject())
            .Single(request =>
                (string?)request["method"] == "PATCH" && ((string)request["path"]!).Contains(world.ProcessId)
            );
        Assert.That(
            JsonNode.Parse((string)patch["body"]!)!.AsObject().Select(field => field.Key),
            Is.EqualTo(new[] { "status", "startedAt" })
        );
    }

    [Test]
    public async Task ApplyAsync_MovesCompletedStepBackToInProgress_WhenReopening()
    {
        await Apply("plan", TargetStatus.Completed);

        var result = await Apply("plan", TargetStatus.Pending);

        Assert.That((result.VendorStatus, result.Done), Is.EqualTo(("in_progress", false)));
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentDependencyNotMet_WhenEarlierStepIsOpen()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() => Apply("build", TargetStatus.Completed));

        Assert.That((error!.HttpStatus, error.ErrorCode), Is.EqualTo((409, "dependency_not_met")));
        Assert.That(error.Message, Does.Contain("plan"));
    }

    [Test]
    public async Task ApplyAsync_ThrowsTransientWithRetryAfter_WhenProcessIsTemporarilyLocked()
    {
        var locked = await ProcessPlanWorld.SeedAsync(Sandbox, "temporary");

        var error = Assert.ThrowsAsync<TransientProviderException>(() => Apply("plan", TargetStatus.Completed, locked));

        Assert.That(
            (error!.HttpStatus, error.ErrorCode, error.RetryAfter),
            Is.EqualTo((423, "process_locked", TimeSpan.FromSeconds(2)))
        );
    }

    [Test]
    public async Task ApplyAsync_ThrowsPermanent_WhenProcessIsLockedByAnAdministrator()
    {
        var locked = await ProcessPlanWorld.SeedAsync(Sandbox, "permanent");

        var error = Assert.ThrowsAsync<PermanentProviderException>(() => Apply("plan", TargetStatus.Completed, locked));

        Assert.That((error!.HttpStatus, error.ErrorCode), Is.EqualTo((423, "process_locked")));
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentUnauthorized_WhenTokenIsUnknown()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply("plan", TargetStatus.Completed, credentials: new ProcessPlanCredentials("unknown"))
        );

        Assert.That((error!.HttpStatus, error.ErrorCode), Is.EqualTo((401, "unauthorized")));
    }

    [TestCase(429)]
    [TestCase(500)]
    public async Task ApplyAsync_ThrowsTransient_WhenThrottledOrFailing(int status)
    {
        await Sandbox.AddFaultAsync("processplan", world.ProcessId, status, count: 1);

        var error = Assert.ThrowsAsync<TransientProviderException>(() => Apply("plan", TargetStatus.Completed));

        Assert.That(error!.HttpStatus, Is.EqualTo(status));
    }

    [Test]
    public async Task Emulator_Refuses422_WhenStepWouldGoBackToPending()
    {
        await Apply("plan", TargetStatus.InProgress);
        using var http = new HttpClient { BaseAddress = Sandbox.ProcessPlanBaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials.ApiToken);

        var response = await http.PatchAsJsonAsync(
            $"processes/{world.ProcessId}/steps/plan",
            new { status = "pending" }
        );

        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        Assert.That(
            (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"],
            Is.EqualTo("invalid_transition")
        );
    }
}
