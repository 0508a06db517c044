using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ProcessPlan;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The Process Plan client speaking the vendor's v4 API against the emulator: respond, read-back, refusals.
/// </summary>
public sealed class ProcessPlanV4ClientTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private ServiceProvider services = null!;
    private ProcessPlanStepClient client = null!;
    private ProcessPlanWorld world = null!;

    [SetUp]
    public async Task SetUp()
    {
        services = ProviderClientHarness.Build(ProcessPlanOptions.V4);
        client = services.GetRequiredService<ProcessPlanStepClient>();
        world = await ProcessPlanWorld.SeedAsync(Sandbox);
    }

    [TearDown]
    public async Task TearDown() => await services.DisposeAsync();

    private string TemplateTask(string step) => $"{world.ProcessId}-template.{step}";

    private string InstanceTask(string step) => $"{world.ProcessId}.{step}";

    private Task<ProviderWriteResult> Apply(
        string step,
        TargetStatus target,
        ProcessPlanCredentials? credentials = null
    )
    {
        var baseUrl = new Uri(Sandbox.BaseUrl, "/processplan/api/v4/");
        var connection = new ProviderConnection(Guid.NewGuid(), baseUrl, (credentials ?? world.Credentials).ToJson());
        var change = new ProviderStatusChange(
            "process_step",
            $"{TemplateTask(step)}/{InstanceTask(step)}",
            world.ProcessId,
            target
        );
        return client.ApplyAsync(change, connection, CancellationToken.None);
    }

    private async Task<List<(string Method, string Path, string? Token, bool Bearer)>> RequestsAsync() =>
        (await Sandbox.RequestsToAsync("processplan", world.ProcessId))
            .Select(request =>
                (
                    (string)request["method"]!,
                    (string)request["path"]!,
                    (string?)request["headers"]!["tkn_id"],
                    request["headers"]!.AsObject().ContainsKey("Authorization")
                )
            )
            .ToList();

    [Test]
    public async Task Complete_RespondsWithTknId_AndConfirmsTheTaskLeftItsPendingList()
    {
        var result = await Apply("plan", TargetStatus.Completed);

        var requests = await RequestsAsync();
        var pending =
            $"/processplan/api/v4/process_template_task/{TemplateTask("plan")}/process_instance_task/list/pending";
        Assert.That(
            requests.Select(r => (r.Method, r.Path)),
            Is.EqualTo(
                new[]
                {
                    ("GET", pending),
                    ("POST", $"/processplan/api/v4/process_instance_task/{InstanceTask("plan")}/respond"),
                    ("GET", pending),
                }
            )
        );
        Assert.That(
            requests.Select(r => (r.Token, r.Bearer)),
            Has.All.EqualTo((world.Credentials.ApiToken, false)),
            "tkn_id, no bearer token"
        );
        Assert.That((result.VendorStatus, result.Done), Is.EqualTo(("completed", true)));
        Assert.That((bool?)(await Sandbox.GetObjectAsync("processplan", $"{world.ProcessId}/plan"))!["done"], Is.True);
    }

    [Test]
    public async Task Complete_WritesNothing_WhenTheTaskIsNoLongerPending()
    {
        await Apply("plan", TargetStatus.Completed);

        var again = await Apply("plan", TargetStatus.Completed);

        Assert.That((await RequestsAsync()).Count(r => r.Method == "POST"), Is.EqualTo(1), "one respond only");
        Assert.That(again.Detail, Does.Contain("no longer pending"));
    }

    [TestCase(TargetStatus.Pending, ProcessPlanV4Dialect.NoReopen)]
    [TestCase(TargetStatus.InProgress, ProcessPlanV4Dialect.NoStart)]
    public async Task ReopenAndStart_FailAtOnceForGood_WithoutCallingTheVendor(TargetStatus target, string says)
    {
        var refused = Assert.ThrowsAsync<PermanentProviderException>(() => Apply("plan", target));

        Assert.That(refused!.Message, Is.EqualTo(says));
        Assert.That(await RequestsAsync(), Is.Empty);
    }

    [Test]
    public void Complete_FailsForGood_WithTheVendorsMessage_WhenTheStepsTurnHasNotCome()
    {
        var refused = Assert.ThrowsAsync<PermanentProviderException>(() => Apply("build", TargetStatus.Completed));

        Assert.That(refused!.HttpStatus, Is.EqualTo(409));
        Assert.That(refused.Message, Does.Contain("waits for plan"));
    }

    [Test]
    public void Complete_FailsForGood_WhenTheTokenIsRefused()
    {
        var refused = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply("plan", TargetStatus.Completed, new ProcessPlanCredentials("not-a-token"))
        );

        Assert.That(refused!.HttpStatus, Is.EqualTo(401));
    }
}
