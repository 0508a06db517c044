namespace Syntaskio.Sandbox.Microsoft;

/// <summary>A To Do task in one mailbox, as Graph keeps it. Mutated only under its own lock.</summary>
public sealed class TodoItem(string listId, string id, string title, string status, DateTimeOffset created)
{
    public object Sync { get; } = new();
    public string ListId { get; } = listId;

    /// <summary>The mailbox the task is in: change notifications go to that mailbox's subscriptions.</summary>
    public string Mailbox { get; init; } = "";
    public string Id { get; } = id;
    public string Title { get; set; } = title;
    public string Status { get; set; } = status;
    public DateTimeOffset CreatedDateTime { get; } = created;
    public DateTimeOffset LastModifiedDateTime { get; set; } = created;
    public DateTimeOffset? CompletedDateTime { get; set; }
    public int Version { get; set; } = 1;
    public int Writes { get; set; }
    public DateTimeOffset? LastWriteAt { get; set; }

    /// <summary>The store's change sequence at this item's last change: what Graph's delta tokens count.</summary>
    public long ChangeSequence { get; set; }
}
