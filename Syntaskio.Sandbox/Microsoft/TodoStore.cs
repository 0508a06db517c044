using System.Collections.Concurrent;
using Syntaskio.Sandbox.Control;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Mailboxes keyed by access token: /me is whoever the token belongs to, so a task of another mailbox is not
/// found, as in Graph.
/// </summary>
public sealed class TodoStore : ISandboxObjectStore
{
    public static readonly string[] Statuses = ["notStarted", "inProgress", "completed", "waitingOnOthers", "deferred"];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string ListId, string TaskId), TodoItem>> mailboxes = new();
    private readonly ConcurrentDictionary<string, TodoItem> byExternalId = new();

    public string Provider => "microsoft";

    public bool IsKnownToken(string accessToken) => mailboxes.ContainsKey(accessToken);

    public TodoItem? Find(string accessToken, string listId, string taskId) =>
        mailboxes.TryGetValue(accessToken, out var mailbox) && mailbox.TryGetValue((listId, taskId), out var item) ? item : null;

    public IEnumerable<TodoItem> List(string accessToken, string listId) =>
        mailboxes.TryGetValue(accessToken, out var mailbox) ? mailbox.Values.Where(item => item.ListId == listId) : [];

    public TodoItem Seed(string accessToken, string listId, string taskId, string title, string status, DateTimeOffset now)
    {
        var item = new TodoItem(listId, taskId, title, status, now);
        if (status == "completed") item.CompletedDateTime = now;
        mailboxes.GetOrAdd(accessToken, _ => new())[(listId, taskId)] = item;
        byExternalId[$"{listId}/{taskId}"] = item;
        return item;
    }

    public SandboxObjectView? Find(string externalId)
    {
        if (!byExternalId.TryGetValue(externalId, out var item)) return null;
        lock (item.Sync)
            return new SandboxObjectView(Provider, externalId, item.Title, item.Status, item.Status == "completed", item.Writes, item.LastWriteAt);
    }
}
