using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Jobs.Processing;

/// <summary>The one routing table from a task's source to the provider that writes it (story AC 2).</summary>
public sealed class ProviderRouter(IServiceProvider services)
{
    private static readonly IReadOnlyDictionary<string, Type> Routes = new Dictionary<string, Type>
    {
        ["microsoft"] = typeof(MicrosoftTodoClient),
        ["connectwise"] = typeof(ConnectWiseTicketClient),
        ["processplan"] = typeof(ProcessPlanStepClient),
    };

    public static IEnumerable<string> Sources => Routes.Keys;

    public ITaskStatusProvider For(string source) =>
        Routes.TryGetValue(source, out var type)
            ? (ITaskStatusProvider)services.GetRequiredService(type)
            : throw new PermanentProviderException($"No provider handles tasks from '{source}'.");
}
