using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Syntaskio.Providers.Inbound;
using GraphTaskStatus = Microsoft.Graph.Models.TaskStatus;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// Graph's delta query over every To Do list of a mailbox. The cursor is each list's @odata.deltaLink (JSON, list id
/// to link); a list without one, a new list, or a list whose delta token Graph no longer knows (410) is read whole.
/// After a change notification only the notified lists are read, from their links, and the lists are not listed.
/// </summary>
internal sealed class MicrosoftTodoDelta(GraphServiceClient graph, TimeProvider time)
{
    // The kind Syntaskio.Jobs.TaskKinds.TodoTask names.
    private const string TodoTaskKind = "todo_task";

    public async Task<TaskChangePage?> ReadAsync(
        string? cursor,
        IReadOnlyCollection<string> notified,
        CancellationToken cancellationToken
    )
    {
        var links = cursor is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(cursor) ?? [];
        if (notified.Count > 0 && notified.All(links.ContainsKey))
        {
            var changes = new List<VendorTaskChange>();
            var next = new Dictionary<string, string>(links);
            foreach (var listId in notified)
                next[listId] = await ReadListOrResyncAsync(listId, links[listId], changes, cancellationToken);
            return new TaskChangePage(changes, JsonSerializer.Serialize(next));
        }
        return await ReadEveryListAsync(links, cancellationToken);
    }

    /// <summary>The state now of each of these tasks, one call each; one gone from To Do (404) is removed.</summary>
    public async Task<IReadOnlyList<VendorTaskChange>> ReadEachAsync(
        IReadOnlyList<KnownTask> known,
        CancellationToken cancellationToken
    )
    {
        var changes = new List<VendorTaskChange>();
        foreach (var each in known)
        {
            var listId = each.ContainerId ?? "";
            try
            {
                var task = await GraphCall.RunAsync(
                    () =>
                        graph
                            .Me.Todo.Lists[listId]
                            .Tasks[each.ExternalId]
                            .GetAsync(cancellationToken: cancellationToken),
                    time,
                    cancellationToken
                );
                if (task is not null)
                    changes.Add(ToChange(listId, task));
            }
            catch (PermanentProviderException gone) when (gone.HttpStatus == 404)
            {
                changes.Add(new VendorTaskChange(each.Kind, listId, each.ExternalId, null, null, null, null, true));
            }
        }
        return changes;
    }

    private async Task<TaskChangePage> ReadEveryListAsync(
        Dictionary<string, string> links,
        CancellationToken cancellationToken
    )
    {
        var lists = await GraphCall.RunAsync(
            () => graph.Me.Todo.Lists.GetAsync(cancellationToken: cancellationToken),
            time,
            cancellationToken
        );
        var changes = new List<VendorTaskChange>();
        var next = new Dictionary<string, string>();
        foreach (var list in lists?.Value ?? [])
        {
            if (list.Id is not { } listId)
                continue;
            next[listId] = await ReadListOrResyncAsync(
                listId,
                links.GetValueOrDefault(listId),
                changes,
                cancellationToken
            );
        }
        return new TaskChangePage(changes, JsonSerializer.Serialize(next), Containers: [.. next.Keys]);
    }

    // A delta token Graph no longer knows (410) reads the list whole again.
    private async Task<string> ReadListOrResyncAsync(
        string listId,
        string? deltaLink,
        List<VendorTaskChange> changes,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await ReadListAsync(listId, deltaLink, changes, cancellationToken);
        }
        catch (ProviderException gone) when (gone.HttpStatus == 410)
        {
            return await ReadListAsync(listId, null, changes, cancellationToken);
        }
    }

    private async Task<string> ReadListAsync(
        string listId,
        string? deltaLink,
        List<VendorTaskChange> changes,
        CancellationToken cancellationToken
    )
    {
        var delta = graph.Me.Todo.Lists[listId].Tasks.Delta;
        var link = deltaLink;
        while (true)
        {
            var page = await GraphCall.RunAsync(
                () =>
                    link is null
                        ? delta.GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
                        : delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken),
                time,
                cancellationToken
            );
            foreach (var task in page?.Value ?? [])
                changes.Add(ToChange(listId, task));
            if (page?.OdataNextLink is { } nextLink)
                link = nextLink;
            else
                return page?.OdataDeltaLink
                    ?? throw new TransientProviderException("Microsoft Graph's delta query ended without a deltaLink.");
        }
    }

    private static VendorTaskChange ToChange(string listId, TodoTask task) =>
        task.AdditionalData.ContainsKey("@removed")
            ? new VendorTaskChange(TodoTaskKind, listId, task.Id!, null, null, null, null, Removed: true)
            : new VendorTaskChange(
                TodoTaskKind,
                listId,
                task.Id!,
                task.Title,
                TodoStatuses.ToOurs(task.Status),
                TodoStatuses.VendorName(task.Status),
                task.LastModifiedDateTime
            );
}
