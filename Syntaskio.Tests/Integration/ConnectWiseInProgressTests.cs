using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// A ConnectWise ticket started: moved to its board's in-progress status, chosen from the board's statuses (open,
/// not the default, first by sortOrder whose name reads as in progress) or named in configuration. Ticket tasks
/// have only closedFlag, so they cannot be started. Against the emulator's board statuses over loopback.
/// </summary>
public sealed class ConnectWiseInProgressTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private ConnectWiseWorld world = null!;

    [SetUp]
    public async Task SetUp() => world = await ConnectWiseWorld.SeedAsync(Sandbox);

    private async Task<ProviderWriteResult> StartAsync(
        string kind,
        int id,
        int? ticketId = null,
        IReadOnlyDictionary<string, string?>? settings = null
    )
    {
        await using var services = ProviderClientHarness.Build(settings: settings);
        return await services
            .GetRequiredService<ConnectWiseTicketClient>()
            .ApplyAsync(
                new ProviderStatusChange(kind, id.ToString(), ticketId?.ToString(), TargetStatus.InProgress),
                new ProviderConnection(Guid.NewGuid(), Sandbox.ConnectWiseBaseUrl, world.Credentials.ToJson()),
                CancellationToken.None
            );
    }

    private async Task<JsonNode> PatchBodyAsync(int ticketId) =>
        JsonNode.Parse(
            (string)
                (await Sandbox.RequestsToAsync("connectwise", $"/tickets/{ticketId}")).Single(request =>
                    (string?)request["method"] == "PATCH"
                )["body"]!
        )!;

    [Test]
    public async Task ApplyAsync_MovesATicketToTheBoardsStatusThatReadsAsInProgress_WhenStarting()
    {
        var result = await StartAsync(ConnectWiseKinds.ServiceTicket, world.SecondServiceTicket);

        Assert.That(
            (result.VendorStatus, result.Done, result.Status),
            Is.EqualTo(("In Progress", false, TargetStatus.InProgress))
        );
        Assert.That((int)(await PatchBodyAsync(world.SecondServiceTicket))[0]!["value"]!["id"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task ApplyAsync_MovesATicketToTheConfiguredStatusOfItsBoard_WhenOneIsNamed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Providers:ConnectWise:InProgressStatus"] = "No such status",
            [$"Providers:ConnectWise:InProgressStatusByBoard:{world.ServiceBoard}"] = "Waiting on Client",
        };

        var result = await StartAsync(ConnectWiseKinds.ServiceTicket, world.SecondServiceTicket, settings: settings);

        Assert.That((result.VendorStatus, result.Status), Is.EqualTo(("Waiting on Client", TargetStatus.InProgress)));
    }

    [Test]
    public void ApplyAsync_IsRefusedForGood_WhenTheNamedStatusIsNotOnTheBoard()
    {
        var settings = new Dictionary<string, string?> { ["Providers:ConnectWise:InProgressStatus"] = "Blocked" };

        var refused = Assert.ThrowsAsync<PermanentProviderException>(() =>
            StartAsync(ConnectWiseKinds.ServiceTicket, world.SecondServiceTicket, settings: settings)
        );

        Assert.That(refused!.Message, Does.Contain("no open, non-default status named 'Blocked'"));
    }

    [Test]
    public void ApplyAsync_IsRefusedForGood_ForATicketTask_WhichHasOnlyClosedFlag()
    {
        var refused = Assert.ThrowsAsync<PermanentProviderException>(() =>
            StartAsync(ConnectWiseKinds.ServiceTicketTask, world.ServiceTicketTask, world.ServiceTicket)
        );

        Assert.That(refused!.Message, Is.EqualTo(ConnectWiseTicketClient.NoStartOnTicketTask));
    }
}
