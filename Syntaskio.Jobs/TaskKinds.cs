using Syntaskio.Providers.ConnectWise;

namespace Syntaskio.Jobs;

/// <summary>The kinds of task each source has, and whether a kind lives inside a container (list, ticket, process).</summary>
public static class TaskKinds
{
    public const string TodoTask = "todo_task";
    public const string ProcessStep = "process_step";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> BySource =
        new Dictionary<string, IReadOnlyDictionary<string, bool>>
        {
            ["microsoft"] = new Dictionary<string, bool> { [TodoTask] = true },
            ["connectwise"] = new Dictionary<string, bool>
            {
                [ConnectWiseKinds.ServiceTicket] = false,
                [ConnectWiseKinds.ProjectTicket] = false,
                [ConnectWiseKinds.ServiceTicketTask] = true,
                [ConnectWiseKinds.ProjectTicketTask] = true,
            },
            ["processplan"] = new Dictionary<string, bool> { [ProcessStep] = true },
        };

    public static IEnumerable<string> Sources => BySource.Keys;

    public static IEnumerable<string> Of(string source) => BySource.TryGetValue(source, out var kinds) ? kinds.Keys : [];

    /// <summary>True when tasks of this kind are addressed "{container}/{id}"; null for an unknown kind.</summary>
    public static bool? HasContainer(string source, string kind) =>
        BySource.TryGetValue(source, out var kinds) && kinds.TryGetValue(kind, out var contained) ? contained : null;
}
