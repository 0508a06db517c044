using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// A user connected to all three providers with one task of every kind, in the emulator and in our database.
/// </summary>
public sealed record EveryKindUser(
    string Subject,
    Guid UserId,
    ConnectWiseWorld ConnectWise,
    ProcessPlanWorld ProcessPlan,
    IReadOnlyDictionary<string, SeededTask> Tasks
)
{
    public static async Task<EveryKindUser> CreateAsync()
    {
        var services = TestEnvironment.Api.Services;
        var sandbox = TestEnvironment.Sandbox;
        var subject = $"user-{Guid.NewGuid():N}";
        var userId = await services
            .GetRequiredService<UserRepository>()
            .EnsureAsync(subject, null, CancellationToken.None);
        var connections = services.GetRequiredService<ProviderConnectionRepository>();

        var token = $"token-{Guid.NewGuid():N}";
        var listId = $"list-{Guid.NewGuid():N}";
        await sandbox.SeedTodoAsync(token, listId, "todo-1");
        await connections.SaveAsync(
            userId,
            "microsoft",
            sandbox.GraphBaseUrl,
            new MicrosoftCredentials(token).ToJson(),
            null,
            CancellationToken.None
        );
        var connectWise = await ConnectWiseWorld.SeedAsync(sandbox);
        await connections.SaveAsync(
            userId,
            "connectwise",
            sandbox.ConnectWiseBaseUrl,
            connectWise.Credentials.ToJson(),
            null,
            CancellationToken.None
        );
        var processPlan = await ProcessPlanWorld.SeedAsync(sandbox);
        await connections.SaveAsync(
            userId,
            "processplan",
            sandbox.ProcessPlanBaseUrl,
            processPlan.Credentials.ToJson(),
            null,
            CancellationToken.None
        );

        var seeded = new Dictionary<string, SeededTask>();
        async Task Add(string name, string source, string kind, string externalId, string? container) =>
            seeded[name] = await TestUsers.AddTaskAsync(userId, source, kind, externalId, container);
        await Add("todo_task", "microsoft", "todo_task", "todo-1", listId);
        await Add(
            ConnectWiseKinds.ServiceTicket,
            "connectwise",
            ConnectWiseKinds.ServiceTicket,
            connectWise.ServiceTicket.ToString(),
            null
        );
        await Add(
            ConnectWiseKinds.ProjectTicket,
            "connectwise",
            ConnectWiseKinds.ProjectTicket,
            connectWise.ProjectTicket.ToString(),
            null
        );
        await Add(
            ConnectWiseKinds.ServiceTicketTask,
            "connectwise",
            ConnectWiseKinds.ServiceTicketTask,
            "1",
            connectWise.ServiceTicket.ToString()
        );
        await Add(
            ConnectWiseKinds.ProjectTicketTask,
            "connectwise",
            ConnectWiseKinds.ProjectTicketTask,
            "1",
            connectWise.ProjectTicket.ToString()
        );
        await Add("process_step", "processplan", "process_step", "plan", processPlan.ProcessId);
        await Add(
            "waiting_ticket",
            "connectwise",
            ConnectWiseKinds.ServiceTicket,
            connectWise.WaitingTicket.ToString(),
            null
        );
        await Add("blocked_step", "processplan", "process_step", "build", processPlan.ProcessId);
        return new EveryKindUser(subject, userId, connectWise, processPlan, seeded);
    }
}
