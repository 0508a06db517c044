using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Inbound;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>ConnectWise's change feed against the emulator: the ticket search by lastUpdated, and its cursor.</summary>
public sealed class ConnectWiseTicketFeedTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;
    private ServiceProvider services = null!;
    private ConnectWiseTicketClient client = null!;
    private ConnectWiseWorld world = null!;

    [SetUp]
    public async Task SetUp()
    {
        services = ProviderClientHarness.Build();
        client = services.GetRequiredService<ConnectWiseTicketClient>();
        world = await ConnectWiseWorld.SeedAsync(Sandbox);
    }

    [TearDown]
    public async Task TearDown() => await services.DisposeAsync();

    private ProviderConnection Connection() =>
        new(Guid.NewGuid(), Sandbox.ConnectWiseBaseUrl, world.Credentials.ToJson());

    private static readonly KnownTasks NoTasks = _ => Task.FromResult<IReadOnlyList<KnownTask>>([]);

    private string Ticket => world.ServiceTicket.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task ReadChangesAsync_ReportsATicketEditedAtTheVendor_SearchingFromTheCursorLessTheOverlap()
    {
        var first = (await client.ReadChangesAsync(Connection(), null, NoTasks, CancellationToken.None))!;
        await Sandbox.EditAsync("connectwise", Ticket, "Closed (resolved)");
        var next = (await client.ReadChangesAsync(Connection(), first.Cursor, NoTasks, CancellationToken.None))!;

        var before = first.Changes.Single(change => change.ExternalId == Ticket);
        Assert.That((before.Status, before.VendorStatus), Is.EqualTo((TargetStatus.InProgress, "In Progress")));
        Assert.That(first.CoversOnlyThisAccount, Is.False, "a company's search shows every member's tickets");
        var after = next.Changes.Single(change => change.ExternalId == Ticket);
        Assert.That(
            (after.Kind, after.Status, after.VendorStatus),
            Is.EqualTo((ConnectWiseKinds.ServiceTicket, TargetStatus.Completed, "Closed (resolved)"))
        );
        var cursor = DateTimeOffset.Parse(next.Cursor, CultureInfo.InvariantCulture);
        Assert.That(after.ModifiedAt, Is.Not.Null.And.LessThanOrEqualTo(cursor));
        var since = DateTimeOffset.Parse(first.Cursor, CultureInfo.InvariantCulture) - ConnectWiseTicketFeed.Overlap;
        var searches = (await Sandbox.GetRequestsAsync("connectwise"))
            .Select(request => request!.AsObject())
            .Where(request => ((string)request["path"]!).EndsWith("/service/tickets", StringComparison.Ordinal))
            .Select(request => Uri.UnescapeDataString((string)request["query"]!))
            .ToList();
        Assert.That(searches, Has.Some.Contains($"conditions=lastUpdated>[{since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}]"));
    }

    [Test]
    public async Task ApplyAsync_ReportsTheTicketsLastUpdated_TheFeedsMarkOfOurOwnWrite()
    {
        var close = new ProviderStatusChange(ConnectWiseKinds.ServiceTicket, Ticket, null, TargetStatus.Completed);
        var written = await client.ApplyAsync(close, Connection(), CancellationToken.None);
        var page = (await client.ReadChangesAsync(Connection(), null, NoTasks, CancellationToken.None))!;

        Assert.That(written.VendorModifiedAt, Is.Not.Null);
        var seen = page.Changes.Single(change => change.ExternalId == Ticket);
        Assert.That(seen.ModifiedAt, Is.EqualTo(written.VendorModifiedAt));
    }

    [Test]
    public async Task ReadChangesAsync_ReadsEachKnownTicketTask_AndReportsOneGoneFromConnectWiseAsRemoved()
    {
        var ticket = world.ServiceTicket.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<KnownTask> known =
        [
            new(ConnectWiseKinds.ServiceTicketTask, ticket, "1", Done: false),
            new(ConnectWiseKinds.ServiceTicketTask, ticket, "99", Done: false),
        ];
        await Sandbox.EditAsync("connectwise", $"{ticket}/1", "closed");

        var page = (
            await client.ReadChangesAsync(Connection(), null, _ => Task.FromResult(known), CancellationToken.None)
        )!;

        var tasks = page.Changes.Where(change => change.Kind == ConnectWiseKinds.ServiceTicketTask).ToList();
        var reported = tasks.Select(change => (change.ExternalId, change.Status, change.VendorStatus, change.Removed));
        Assert.That(
            reported,
            Is.EqualTo(
                new[]
                {
                    ("1", (TargetStatus?)TargetStatus.Completed, (string?)"closed", false),
                    ("99", null, null, true),
                }
            )
        );
    }
}
