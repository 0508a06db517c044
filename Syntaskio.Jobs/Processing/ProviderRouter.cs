using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Providers;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// The one routing table from a task's source to the provider that writes it (story AC 2), read from
/// <see cref="ProviderCatalogue"/>.
/// </summary>
public sealed class ProviderRouter(IServiceProvider services)
{
    /// <summary>
    /// The sources whose change feed the inbound watcher reads: To Do's delta query, ConnectWise's ticket search and
    /// Process Plan's pending lists.
    /// </summary>
    public static readonly string[] Watched = [.. ProviderCatalogue.Sources];

    /// <summary>The provider's name as people know it, for messages.</summary>
    public static string NameOf(string source) => ProviderCatalogue.Find(source)?.Name ?? source;

    /// <summary>The client that writes tasks of <paramref name="source"/>.</summary>
    public ITaskStatusWriter For(string source) => (ITaskStatusWriter)ClientOf(source);

    /// <summary>The change feed of <paramref name="source"/>, or null when its changes are not read.</summary>
    public ITaskChangeFeed? FeedOf(string source) => ClientOf(source) as ITaskChangeFeed;

    /// <summary>The change notifications of <paramref name="source"/>, or null when its vendor sends none.</summary>
    public ITaskChangeSubscriptions? SubscriptionsOf(string source) => ClientOf(source) as ITaskChangeSubscriptions;

    private object ClientOf(string source) =>
        ProviderCatalogue.Find(source) is { } entry
            ? services.GetRequiredService(entry.Client)
            : throw new PermanentProviderException($"No provider handles tasks from '{source}'.");
}
