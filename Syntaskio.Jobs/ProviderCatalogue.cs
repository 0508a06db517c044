using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Jobs;

/// <summary>
/// The vendors this service syncs with, in one place: each one's source name, the name people know it by, the
/// client that writes and reads its tasks, its task kinds (and whether each lives in a container: a list, a ticket,
/// a process), its default limits per connection, and how often its change feed is read by default.
/// </summary>
public static class ProviderCatalogue
{
    public static readonly IReadOnlyList<ProviderEntry> All =
    [
        new(
            "microsoft",
            "Microsoft To Do",
            typeof(MicrosoftTodoClient),
            "Microsoft",
            new Dictionary<string, bool> { [TaskKinds.TodoTask] = true },
            new ProviderLimitOptions { MaxConcurrentSyncs = 4 },
            TimeSpan.FromSeconds(10)
        ),
        new(
            "connectwise",
            "ConnectWise",
            typeof(ConnectWiseTicketClient),
            "ConnectWise",
            new Dictionary<string, bool>
            {
                [ConnectWiseKinds.ServiceTicket] = false,
                [ConnectWiseKinds.ProjectTicket] = false,
                [ConnectWiseKinds.ServiceTicketTask] = true,
                [ConnectWiseKinds.ProjectTicketTask] = true,
            },
            new ProviderLimitOptions { SyncsPerMinute = 600 },
            TimeSpan.FromSeconds(15)
        ),
        new(
            "processplan",
            "Process Plan",
            typeof(ProcessPlanStepClient),
            "ProcessPlan",
            new Dictionary<string, bool> { [TaskKinds.ProcessStep] = true },
            new ProviderLimitOptions { SyncsPerMinute = 600 },
            TimeSpan.FromSeconds(15)
        ),
    ];

    public static IEnumerable<string> Sources => All.Select(entry => entry.Source);

    /// <summary>The vendor of a source, or null when no vendor has that name.</summary>
    public static ProviderEntry? Find(string source) => All.FirstOrDefault(entry => entry.Source == source);
}

/// <summary>One vendor of <see cref="ProviderCatalogue"/>.</summary>
/// <param name="ConfigName">Its name in configuration keys (Sync:Inbound:{ConfigName}:PollInterval).</param>
public sealed record ProviderEntry(
    string Source,
    string Name,
    Type Client,
    string ConfigName,
    IReadOnlyDictionary<string, bool> Kinds,
    ProviderLimitOptions Limits,
    TimeSpan PollInterval
);
