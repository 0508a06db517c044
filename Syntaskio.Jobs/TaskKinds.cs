namespace Syntaskio.Jobs;

/// <summary>
/// The kinds of task each source has (<see cref="ProviderCatalogue"/>), and whether a kind lives inside a container
/// (list, ticket, process).
/// </summary>
public static class TaskKinds
{
    public const string TodoTask = "todo_task";
    public const string ProcessStep = "process_step";

    public static IEnumerable<string> Sources => ProviderCatalogue.Sources;

    public static IEnumerable<string> Of(string source) => ProviderCatalogue.Find(source)?.Kinds.Keys ?? [];

    /// <summary>True when tasks of this kind are addressed "{container}/{id}"; null for an unknown kind.</summary>
    public static bool? HasContainer(string source, string kind) =>
        ProviderCatalogue.Find(source)?.Kinds.TryGetValue(kind, out var contained) == true ? contained : null;
}
