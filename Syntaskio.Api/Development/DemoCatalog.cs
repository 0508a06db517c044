using System.Security.Cryptography;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Api.Development;

/// <summary>
/// The demo world: two To Do tasks; a ConnectWise service ticket (on a board whose closed status is named
/// "Closed (resolved)"), a project ticket, and a task on each; a three-step Process Plan process on the vendor's v4 API
/// (the default dialect). Credentials are
/// fresh random values each start, so nothing secret is fixed in code.
/// </summary>
public sealed record DemoCatalog(
    IReadOnlyList<DemoCatalog.EmulatorSeed> EmulatorSeeds,
    IReadOnlyList<DemoCatalog.Connection> Connections,
    IReadOnlyList<DemoCatalog.Task> Tasks
)
{
    public sealed record EmulatorSeed(string Provider, object Body);

    public sealed record Connection(string Provider, string Path, string CredentialsJson);

    /// <summary>A demo task; <paramref name="VendorStatus"/> is how the freshly seeded emulator shows it.</summary>
    public sealed record Task(
        string Source,
        string Kind,
        string ExternalId,
        string? ContainerId,
        string Title,
        string VendorStatus
    );

    public static DemoCatalog Create()
    {
        var todoToken = Secret();
        var todoRefreshToken = Secret();
        var connectWise = new ConnectWiseCredentials(
            "syntaskio-demo",
            Secret()[..16],
            Secret(),
            Guid.NewGuid().ToString()
        );
        var processPlan = new ProcessPlanCredentials(Secret());
        object[] todos =
        [
            new
            {
                accessToken = todoToken,
                refreshToken = todoRefreshToken,
                listId = "demo-list",
                taskId = "demo-task-1",
                title = "Send the quarterly report",
                status = "notStarted",
            },
            new
            {
                accessToken = todoToken,
                refreshToken = todoRefreshToken,
                listId = "demo-list",
                taskId = "demo-task-2",
                title = "Book the team offsite",
                status = "notStarted",
            },
        ];
        var seeds = todos
            .Select(todo => new EmulatorSeed("microsoft", todo))
            .Append(
                new EmulatorSeed(
                    "connectwise",
                    new
                    {
                        member = connectWise,
                        boards = new object[]
                        {
                            new
                            {
                                id = 1,
                                name = "Service Desk",
                                statuses = new object[]
                                {
                                    new
                                    {
                                        id = 1,
                                        name = "New",
                                        defaultFlag = true,
                                    },
                                    new { id = 2, name = "In Progress" },
                                    new
                                    {
                                        id = 3,
                                        name = "Closed (resolved)",
                                        closedStatus = true,
                                    },
                                },
                            },
                            new
                            {
                                id = 2,
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
                                    new
                                    {
                                        id = 13,
                                        name = "Completed",
                                        closedStatus = true,
                                    },
                                },
                            },
                        },
                        tickets = new object[]
                        {
                            new
                            {
                                id = 1001,
                                summary = "Printer on fire",
                                boardId = 1,
                                statusId = 2,
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
                                id = 2001,
                                summary = "Migrate mail",
                                project = true,
                                boardId = 2,
                                statusId = 11,
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
                        },
                    }
                )
            )
            .Append(
                new EmulatorSeed(
                    "processplan",
                    new
                    {
                        apiToken = processPlan.ApiToken,
                        processId = "onboarding",
                        templateId = "onboarding-template",
                        name = "Onboard a customer",
                        steps = new object[]
                        {
                            new { id = "plan", name = "Plan" },
                            new
                            {
                                id = "build",
                                name = "Build",
                                dependsOn = new[] { "plan" },
                            },
                            new
                            {
                                id = "ship",
                                name = "Ship",
                                dependsOn = new[] { "build" },
                            },
                        },
                    }
                )
            )
            .ToList();

        return new DemoCatalog(
            seeds,
            [
                new Connection(
                    "microsoft",
                    "/graph/v1.0",
                    new MicrosoftCredentials(todoToken, todoRefreshToken).ToJson()
                ),
                new Connection("connectwise", "/connectwise/v4_6_release/apis/3.0/", connectWise.ToJson()),
                new Connection("processplan", "/processplan/api/v4/", processPlan.ToJson()),
            ],
            [
                new Task(
                    "microsoft",
                    "todo_task",
                    "demo-task-1",
                    "demo-list",
                    "Send the quarterly report",
                    "notStarted"
                ),
                new Task("microsoft", "todo_task", "demo-task-2", "demo-list", "Book the team offsite", "notStarted"),
                new Task("connectwise", ConnectWiseKinds.ServiceTicket, "1001", null, "Printer on fire", "In Progress"),
                new Task("connectwise", ConnectWiseKinds.ServiceTicketTask, "1", "1001", "Call the vendor", "open"),
                new Task("connectwise", ConnectWiseKinds.ProjectTicket, "2001", null, "Migrate mail", "Open"),
                new Task("connectwise", ConnectWiseKinds.ProjectTicketTask, "1", "2001", "Export mailboxes", "open"),
                Step("plan", "Plan the onboarding"),
                Step("build", "Build the workspace"),
                Step("ship", "Hand over to the customer"),
            ]
        );
    }

    // Process Plan v4 addresses a step as "{template task}/{instance task}" inside its process instance.
    private static Task Step(string step, string title) =>
        new(
            "processplan",
            "process_step",
            $"onboarding-template.{step}/onboarding.{step}",
            "onboarding",
            title,
            "pending"
        );

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
