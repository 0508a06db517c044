using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Jobs.Processing;

/// <summary>The one routing table from a task's source to the provider that writes it (story AC 2).</summary>
public sealed class ProviderRouter(IServiceProvider services)
{
    private static readonly IReadOnlyDictionary<string, (Type Client, string Name)> Routes =
        new Dictionary<string, (Type, string)>
        {
            ["microsoft"] = (typeof(MicrosoftTodoClient), "Microsoft To Do"),
            ["connectwise"] = (typeof(ConnectWiseTicketClient), "ConnectWise"),
            ["processplan"] = (typeof(ProcessPlanStepClient), "Process Plan"),
        };

    public static IEnumerable<string> Sources => Routes.Keys;

    /// <summary>
    /// The sources whose change feed the inbound watcher reads (issue 15): To Do's delta query, ConnectWise's ticket
    /// search and Process Plan's pending lists.
    /// </summary>
    public static readonly string[] Watched = ["microsoft", "connectwise", "processplan"];

    /// <summary>The provider's name as people know it, for messages.</summary>
    public static string NameOf(string source) => Routes.TryGetValue(source, out var route) ? route.Name : source;

    public ITaskStatusProvider For(string source) =>
        Routes.TryGetValue(source, out var route)
            ? (ITaskStatusProvider)services.GetRequiredService(route.Client)
            : throw new PermanentProviderException($"No provider handles tasks from '{source}'.");
}
