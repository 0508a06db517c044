using Syntaskio.Providers.ConnectWise;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// A ConnectWise company in the emulator: a service board whose closed status is "Closed (resolved)" and that
/// refuses closing from "Waiting on Client", a project board whose closed status is "Completed", an approval
/// board that parks closes in "Pending Approval", and tickets with tasks on them. Ids are unique per world.
/// </summary>
public sealed class ConnectWiseWorld
{
    private static int nextId = Random.Shared.Next(10_000, 1_000_000) * 100;

    private ConnectWiseWorld() { }

    public ConnectWiseCredentials Credentials { get; } =
        new(
            $"company{Guid.NewGuid():N}"[..20],
            "pub-" + Guid.NewGuid().ToString("N")[..8],
            "priv-" + Guid.NewGuid().ToString("N"),
            Guid.NewGuid().ToString()
        );
    public int ServiceBoard { get; } = Next();
    public int ProjectBoard { get; } = Next();
    public int ApprovalBoard { get; } = Next();
    public int ServiceTicket { get; } = Next();
    public int ServiceTicketTask { get; } = 1;
    public int ProjectTicket { get; } = Next();
    public int ProjectTicketTask { get; } = 1;
    public int WaitingTicket { get; } = Next();
    public int ApprovalTicket { get; } = Next();
    public int SecondServiceTicket { get; } = Next();

    // Status ids of the service board.
    public const int New = 1,
        InProgress = 2,
        WaitingOnClient = 3,
        ClosedResolved = 4;

    public static async Task<ConnectWiseWorld> SeedAsync(SandboxServer sandbox)
    {
        var world = new ConnectWiseWorld();
        await sandbox.SeedAsync(
            "connectwise",
            new
            {
                member = world.Credentials,
                boards = new object[]
                {
                    new
                    {
                        id = world.ServiceBoard,
                        name = "Service Desk",
                        statuses = new object[]
                        {
                            new
                            {
                                id = New,
                                name = "New",
                                defaultFlag = true,
                            },
                            new { id = InProgress, name = "In Progress" },
                            new { id = WaitingOnClient, name = "Waiting on Client" },
                            new
                            {
                                id = ClosedResolved,
                                name = "Closed (resolved)",
                                closedStatus = true,
                            },
                        },
                        closeRefusedFromStatusId = WaitingOnClient,
                    },
                    new
                    {
                        id = world.ProjectBoard,
                        name = "Projects",
                        projectFlag = true,
                        statuses = new object[]
                        {
                            new
                            {
                                id = 11,
                                name = "Open",
                                defaultFlag = true,
                            },
                            new { id = 12, name = "Doing" },
                            new
                            {
                                id = 13,
                                name = "Completed",
                                closedStatus = true,
                            },
                        },
                    },
                    new
                    {
                        id = world.ApprovalBoard,
                        name = "Change Requests",
                        statuses = new object[]
                        {
                            new
                            {
                                id = 21,
                                name = "New",
                                defaultFlag = true,
                            },
                            new { id = 22, name = "Pending Approval" },
                            new
                            {
                                id = 23,
                                name = "Closed",
                                closedStatus = true,
                            },
                        },
                        closeApprovalStatusId = 22,
                    },
                },
                tickets = new object[]
                {
                    new
                    {
                        id = world.ServiceTicket,
                        summary = "Printer on fire",
                        boardId = world.ServiceBoard,
                        statusId = InProgress,
                        tasks = new[]
                        {
                            new
                            {
                                id = 1,
                                notes = "Call the vendor",
                                closedFlag = false,
                            },
                        },
                    },
                    new
                    {
                        id = world.ProjectTicket,
                        summary = "Migrate mail",
                        project = true,
                        boardId = world.ProjectBoard,
                        statusId = 12,
                        tasks = new[]
                        {
                            new
                            {
                                id = 1,
                                notes = "Export mailboxes",
                                closedFlag = false,
                            },
                        },
                    },
                    new
                    {
                        id = world.WaitingTicket,
                        summary = "Waiting on the client",
                        boardId = world.ServiceBoard,
                        statusId = WaitingOnClient,
                    },
                    new
                    {
                        id = world.ApprovalTicket,
                        summary = "Firewall change",
                        boardId = world.ApprovalBoard,
                        statusId = 21,
                    },
                    new
                    {
                        id = world.SecondServiceTicket,
                        summary = "Second ticket",
                        boardId = world.ServiceBoard,
                        statusId = New,
                    },
                },
            }
        );
        return world;
    }

    private static int Next() => Interlocked.Increment(ref nextId);
}
