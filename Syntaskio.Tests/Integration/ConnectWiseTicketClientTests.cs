using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The RestSharp ConnectWise client against the emulator over loopback: requests, read-back, each error category.
/// </summary>
public sealed class ConnectWiseTicketClientTests
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
    public async Task TearDown()
    {
        await Sandbox.ClearFaultsAsync();
        await services.DisposeAsync();
    }

    private ProviderConnection Connection(ConnectWiseCredentials? credentials = null) =>
        new(Guid.NewGuid(), Sandbox.ConnectWiseBaseUrl, (credentials ?? world.Credentials).ToJson());

    private Task<ProviderWriteResult> Apply(
        string kind,
        int id,
        TargetStatus target,
        int? ticketId = null,
        string? restore = null
    ) =>
        client.ApplyAsync(
            new ProviderStatusChange(kind, id.ToString(), ticketId?.ToString(), target, restore),
            Connection(),
            CancellationToken.None
        );

    private async Task<List<JsonObject>> RequestsFor(int ticketId) =>
        (await Sandbox.GetRequestsAsync("connectwise"))
            .Select(request => request!.AsObject())
            .Where(request =>
                ((string)request["path"]!).Contains($"/tickets/{ticketId}")
                || IsThisWorldsBoard((string)request["path"]!)
            )
            .ToList();

    private bool IsThisWorldsBoard(string path) =>
        new[] { world.ServiceBoard, world.ProjectBoard, world.ApprovalBoard }.Any(board =>
            path.Contains($"/boards/{board}/")
        );

    [Test]
    public async Task ApplyAsync_ClosesServiceTicketWithBoardsClosedStatus_AndSendsConnectWiseHeaders()
    {
        var result = await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);

        Assert.That(result.Done, Is.True);
        Assert.That(result.VendorStatus, Is.EqualTo("Closed (resolved)"));
        Assert.That(
            JsonNode.Parse(result.PriorState!)!["statusId"]!.GetValue<int>(),
            Is.EqualTo(ConnectWiseWorld.InProgress)
        );
        var requests = await RequestsFor(world.ServiceTicket);
        var patch = requests.Single(request => (string?)request["method"] == "PATCH");
        Assert.That(
            (string?)patch["path"],
            Is.EqualTo($"/connectwise/v4_6_release/apis/3.0/service/tickets/{world.ServiceTicket}")
        );
        Assert.That(
            JsonNode.Parse((string)patch["body"]!)!.ToJsonString(),
            Is.EqualTo($$$"""[{"op":"replace","path":"status","value":{"id":{{{ConnectWiseWorld.ClosedResolved}}}}}]""")
        );
        var expectedAuthorization =
            "Basic "
            + Convert.ToBase64String(
                Encoding.UTF8.GetBytes(
                    $"{world.Credentials.CompanyId}+{world.Credentials.PublicKey}:{world.Credentials.PrivateKey}"
                )
            );
        Assert.That((string?)patch["headers"]!["Authorization"], Is.EqualTo(expectedAuthorization));
        Assert.That((string?)patch["headers"]!["clientId"], Is.EqualTo(world.Credentials.ClientId));
        var statusQuery = requests.Single(request =>
            ((string)request["path"]!).EndsWith($"/service/boards/{world.ServiceBoard}/statuses")
        );
        Assert.That(Uri.UnescapeDataString((string)statusQuery["query"]!), Is.EqualTo("?pageSize=1000"));
        Assert.That(
            requests.Select(request => (string?)request["method"]),
            Is.EqualTo(new[] { "GET", "GET", "PATCH", "GET" }),
            "read, board statuses, write, read back"
        );
    }

    [Test]
    public async Task ApplyAsync_ReadsBoardStatusesOnce_ForTwoTicketsOnOneBoard()
    {
        await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);
        await Apply(ConnectWiseKinds.ServiceTicket, world.SecondServiceTicket, TargetStatus.Completed);

        var statusReads = (await Sandbox.GetRequestsAsync("connectwise")).Count(request =>
            ((string)request!["path"]!).EndsWith($"/boards/{world.ServiceBoard}/statuses")
        );
        Assert.That(statusReads, Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_RestoresPriorStatus_WhenReopeningWithRestoreState()
    {
        var closed = await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);

        var reopened = await Apply(
            ConnectWiseKinds.ServiceTicket,
            world.ServiceTicket,
            TargetStatus.Pending,
            restore: closed.PriorState
        );

        Assert.That(
            reopened with
            {
                VendorModifiedAt = null,
            },
            Is.EqualTo(
                new ProviderWriteResult(
                    "In Progress",
                    false,
                    "{\"statusId\":4,\"statusName\":\"Closed (resolved)\"}",
                    Status: TargetStatus.InProgress
                )
            ),
            "the restored status is one being worked on, and the result says so"
        );
    }

    [Test]
    public async Task ApplyAsync_UsesBoardDefaultStatus_WhenReopeningWithoutRestoreState()
    {
        await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);

        var reopened = await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Pending);

        Assert.That(reopened.VendorStatus, Is.EqualTo("New"));
        Assert.That(reopened.Done, Is.False);
    }

    [Test]
    public async Task ApplyAsync_ClosesProjectTicketOnProjectRoute_WithItsBoardsClosedStatus()
    {
        var result = await Apply(ConnectWiseKinds.ProjectTicket, world.ProjectTicket, TargetStatus.Completed);

        Assert.That(
            result with
            {
                VendorModifiedAt = null,
            },
            Is.EqualTo(
                new ProviderWriteResult(
                    "Completed",
                    true,
                    "{\"statusId\":12,\"statusName\":\"Doing\"}",
                    Status: TargetStatus.Completed
                )
            )
        );
        var patch = (await RequestsFor(world.ProjectTicket)).Single(request => (string?)request["method"] == "PATCH");
        Assert.That((string?)patch["path"], Does.EndWith($"/project/tickets/{world.ProjectTicket}"));
    }

    [TestCase(ConnectWiseKinds.ServiceTicketTask, "service")]
    [TestCase(ConnectWiseKinds.ProjectTicketTask, "project")]
    public async Task ApplyAsync_FlipsClosedFlag_ForTicketTasks(string kind, string segment)
    {
        var ticket = segment == "service" ? world.ServiceTicket : world.ProjectTicket;

        var closed = await Apply(kind, 1, TargetStatus.Completed, ticketId: ticket);
        var reopened = await Apply(kind, 1, TargetStatus.Pending, ticketId: ticket);

        Assert.That((closed.Done, reopened.Done), Is.EqualTo((true, false)));
        var patches = (await RequestsFor(ticket)).Where(request => (string?)request["method"] == "PATCH").ToList();
        Assert.That(
            patches.Select(patch => (string?)patch["path"]),
            Has.All.EndWith($"/{segment}/tickets/{ticket}/tasks/1")
        );
        Assert.That(
            JsonNode.Parse((string)patches[0]["body"]!)!.ToJsonString(),
            Is.EqualTo("""[{"op":"replace","path":"closedFlag","value":true}]""")
        );
    }

    [Test]
    public async Task ApplyAsync_WritesNothing_WhenTicketIsAlreadyClosed()
    {
        await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);

        var again = await Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed);

        Assert.That(again.Done, Is.True);
        Assert.That(
            (int)(await Sandbox.GetObjectAsync("connectwise", world.ServiceTicket.ToString()))!["writes"]!,
            Is.EqualTo(1)
        );
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentWithConnectWiseDetails_WhenWorkflowRefusesTheClose()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, world.WaitingTicket, TargetStatus.Completed)
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(400));
        Assert.That(error.ErrorCode, Is.EqualTo("InvalidObject"));
        Assert.That(
            error.Message,
            Does.Contain("WorkflowRule").And.Contain("status/id").And.Contain("Waiting on Client")
        );
    }

    [Test]
    public void ApplyAsync_ThrowsPermanent_WhenBoardAnswers200ButKeepsTheTicketOpen()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, world.ApprovalTicket, TargetStatus.Completed)
        );

        Assert.That(error!.ErrorCode, Is.EqualTo("WorkflowRefused"));
        Assert.That(error.Message, Does.Contain("Pending Approval"));
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentNotFound_WhenTicketDoesNotExist()
    {
        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, 1, TargetStatus.Completed)
        );

        Assert.That((error!.HttpStatus, error.ErrorCode), Is.EqualTo((404, "NotFound")));
    }

    [Test]
    public void ApplyAsync_ThrowsPermanentUnauthorized_WhenKeysAreWrong()
    {
        var wrong = world.Credentials with { PrivateKey = "wrong" };

        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            client.ApplyAsync(
                new ProviderStatusChange(
                    ConnectWiseKinds.ServiceTicket,
                    world.ServiceTicket.ToString(),
                    null,
                    TargetStatus.Completed
                ),
                Connection(wrong),
                CancellationToken.None
            )
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(401));
        Assert.That(error.Message, Does.Not.Contain("wrong"));
    }

    [Test]
    public async Task ApplyAsync_ThrowsPermanentForbidden_WhenMemberLacksPermission()
    {
        await Sandbox.AddFaultAsync("connectwise", $"/tickets/{world.ServiceTicket}", 403, count: 1);

        var error = Assert.ThrowsAsync<PermanentProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed)
        );

        Assert.That((error!.HttpStatus, error.ErrorCode), Is.EqualTo((403, "Security")));
    }

    [TestCase(429, 5)]
    [TestCase(503, null)]
    public async Task ApplyAsync_ThrowsTransient_WhenThrottledOrUnavailable(int status, int? retryAfter)
    {
        await Sandbox.AddFaultAsync(
            "connectwise",
            $"/tickets/{world.ServiceTicket}",
            status,
            count: 1,
            retryAfterSeconds: retryAfter
        );

        var error = Assert.ThrowsAsync<TransientProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed)
        );

        Assert.That(error!.HttpStatus, Is.EqualTo(status));
        Assert.That(error.RetryAfter, Is.EqualTo(retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null));
    }

    [Test]
    public async Task ApplyAsync_ThrowsTransient_WhenSlowerThanTheTimeout()
    {
        await Sandbox.AddFaultAsync("connectwise", $"/tickets/{world.ServiceTicket}", 0, count: 1, latencyMs: 3000);

        var error = Assert.ThrowsAsync<TransientProviderException>(() =>
            Apply(ConnectWiseKinds.ServiceTicket, world.ServiceTicket, TargetStatus.Completed)
        );

        Assert.That(error!.Message, Does.Contain("timed out"));
    }
}
