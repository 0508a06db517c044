using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.Inbound;
using Syntaskio.Providers.ProcessPlan;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>Process Plan's change feed against the emulator's v4 API: the pending lists of the open tasks.</summary>
public sealed class ProcessPlanPendingFeedTests
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

    private KnownTask Step(string step) =>
        new(
            "process_step",
            world.ProcessId,
            $"{world.ProcessId}-template.{step}/{world.ProcessId}.{step}",
            Done: false
        );

    [Test]
    public async Task ReadChangesAsync_ReportsTheStepsThatLeftTheirPendingList_OneListReadPerTemplateTask()
    {
        var connection = new ProviderConnection(
            Guid.NewGuid(),
            new Uri(Sandbox.BaseUrl, "/processplan/api/v4/"),
            world.Credentials.ToJson()
        );
        IReadOnlyList<KnownTask> open = [Step("plan"), Step("build")];
        await Sandbox.EditAsync("processplan", $"{world.ProcessId}/{Step("build").ExternalId}", "completed");

        var page = (
            await client.ReadChangesAsync(connection, null, _ => Task.FromResult(open), CancellationToken.None)
        )!;

        var reported = page.Changes.Select(change =>
            (change.ExternalId, change.ContainerId, change.Status, change.VendorStatus)
        );
        var completed = (Step("build").ExternalId, world.ProcessId, (TargetStatus?)TargetStatus.Completed, "completed");
        Assert.That(reported, Is.EqualTo(new[] { completed }));
        var reads = (await Sandbox.RequestsToAsync("processplan", world.ProcessId)).Select(request =>
            (string)request["path"]!
        );
        Assert.That(
            reads,
            Is.EquivalentTo(
                new[] { "plan", "build" }.Select(step =>
                    "/processplan/api/v4/process_template_task/"
                    + $"{world.ProcessId}-template.{step}/process_instance_task/list/pending"
                )
            )
        );
    }
}
