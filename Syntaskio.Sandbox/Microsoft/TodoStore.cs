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

    private readonly ConcurrentDictionary<
        string,
        ConcurrentDictionary<(string ListId, string TaskId), TodoItem>
    > mailboxes = new();
    private readonly ConcurrentDictionary<string, string> mailboxByAccessToken = new();
    private readonly ConcurrentDictionary<string, string> mailboxByRefreshToken = new();
    private readonly ConcurrentDictionary<string, byte> expiredAccessTokens = new();
    private readonly ConcurrentDictionary<string, TodoItem> byExternalId = new();
    private readonly ConcurrentDictionary<string, byte> namedMailboxes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Tombstone>> removed = new();
    private long sequence;

    /// <summary>Raised after a task is created, updated or deleted (Graph's change types), by anyone.</summary>
    public event Action<TodoChange>? Changed;

    /// <summary>Tells the subscribers of the task's list that it changed.</summary>
    public void Announce(TodoItem item, string changeType) =>
        Changed?.Invoke(new TodoChange(item.Mailbox, item.ListId, item.Id, changeType));

    /// <summary>
    /// Every change so far is at or below this; a delta token is this number at the time it was issued.
    /// </summary>
    public long CurrentSequence => Interlocked.Read(ref sequence);

    /// <summary>
    /// Delta tokens below this answer 410: their sync state is gone (see <see cref="ExpireDeltaTokens"/>).
    /// </summary>
    public long DeltaFloor { get; private set; }

    /// <summary>Numbers a change; call it under the item's lock.</summary>
    public long NextSequence() => Interlocked.Increment(ref sequence);

    public void ExpireDeltaTokens() => DeltaFloor = CurrentSequence + 1;

    /// <summary>The lists of the token's mailbox.</summary>
    public IEnumerable<string> Lists(string accessToken) =>
        Mailbox(accessToken)?.Keys.Select(key => key.ListId).Distinct() ?? [];

    /// <summary>Tasks removed from a list of the token's mailbox after <paramref name="after"/>.</summary>
    public IEnumerable<Tombstone> RemovedAfter(string accessToken, string listId, long after) =>
        MailboxOf(accessToken) is { } mailbox && removed.TryGetValue(mailbox, out var queue)
            ? queue.Where(tombstone => tombstone.ListId == listId && tombstone.Sequence > after)
            : [];

    /// <summary>
    /// Someone at the vendor changes a task's status (the emulator's edit route): not one of our writes.
    /// </summary>
    public bool Edit(string externalId, string status, DateTimeOffset now)
    {
        if (!Statuses.Contains(status) || !byExternalId.TryGetValue(externalId, out var item))
            return false;
        lock (item.Sync)
        {
            item.Status = status;
            item.CompletedDateTime = status == "completed" ? item.CompletedDateTime ?? now : null;
            item.LastModifiedDateTime = now;
            item.Version++;
            item.ChangeSequence = NextSequence();
        }
        Announce(item, "updated");
        return true;
    }

    public string Provider => "microsoft";

    /// <summary>The mailbox a bearer token opens, or why it opens none.</summary>
    public TokenCheck Check(string accessToken) =>
        expiredAccessTokens.ContainsKey(accessToken) ? TokenCheck.Expired
        : mailboxByAccessToken.ContainsKey(accessToken) ? TokenCheck.Valid
        : TokenCheck.Unknown;

    /// <summary>The mailbox a token belongs to, expired or not: Graph's limits count per mailbox.</summary>
    public string? MailboxOf(string accessToken) => mailboxByAccessToken.GetValueOrDefault(accessToken);

    public TodoItem? Find(string accessToken, string listId, string taskId) =>
        Mailbox(accessToken) is { } mailbox && mailbox.TryGetValue((listId, taskId), out var item) ? item : null;

    public IEnumerable<TodoItem> List(string accessToken, string listId) =>
        Mailbox(accessToken)?.Values.Where(item => item.ListId == listId) ?? [];

    /// <summary>
    /// A task in a mailbox: one named by its address (reachable by whoever signs in as it), or, without a name, the
    /// mailbox of the first access token seeded for it. A refresh token may come with the access token.
    /// </summary>
    public TodoItem Seed(
        string? mailbox,
        string? accessToken,
        string? refreshToken,
        string listId,
        string taskId,
        string title,
        string status,
        DateTimeOffset now
    )
    {
        var mailboxId = mailbox ?? mailboxByAccessToken.GetOrAdd(accessToken!, accessToken!);
        if (mailbox is not null)
            namedMailboxes[mailbox] = 0;
        if (mailbox is not null && accessToken is not null)
            mailboxByAccessToken[accessToken] = mailbox;
        if (refreshToken is not null)
            mailboxByRefreshToken[refreshToken] = mailboxId;
        var item = new TodoItem(listId, taskId, title, status, now)
        {
            ChangeSequence = NextSequence(),
            Mailbox = mailboxId,
        };
        if (status == "completed")
            item.CompletedDateTime = now;
        mailboxes.GetOrAdd(mailboxId, _ => new())[(listId, taskId)] = item;
        byExternalId[$"{listId}/{taskId}"] = item;
        Announce(item, "created");
        return item;
    }

    public bool Delete(string accessToken, string listId, string taskId)
    {
        if (Mailbox(accessToken) is not { } mailbox || !mailbox.TryRemove((listId, taskId), out var item))
            return false;
        byExternalId.TryRemove($"{listId}/{taskId}", out _);
        removed.GetOrAdd(MailboxOf(accessToken)!, _ => new()).Enqueue(new Tombstone(listId, taskId, NextSequence()));
        Announce(item, "deleted");
        return true;
    }

    public void Expire(string accessToken) => expiredAccessTokens[accessToken] = 0;

    public void Revoke(string refreshToken) => mailboxByRefreshToken.TryRemove(refreshToken, out _);

    /// <summary>A fresh token pair for a named mailbox, as a completed sign-in gives.</summary>
    public (string AccessToken, string RefreshToken) IssueFor(string mailbox)
    {
        namedMailboxes[mailbox] = 0;
        mailboxes.GetOrAdd(mailbox, _ => new());
        var pair = ($"at-{Guid.NewGuid():N}", $"rt-{Guid.NewGuid():N}");
        mailboxByAccessToken[pair.Item1] = mailbox;
        mailboxByRefreshToken[pair.Item2] = mailbox;
        return pair;
    }

    /// <summary>
    /// The address /me reports: a named mailbox's own, else one made up (never the token it is keyed by).
    /// </summary>
    public string AddressOf(string accessToken)
    {
        var mailboxId = MailboxOf(accessToken) ?? "";
        if (namedMailboxes.ContainsKey(mailboxId))
            return mailboxId;
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mailboxId));
        return $"user-{Convert.ToHexStringLower(digest)[..12]}@sandbox.test";
    }

    /// <summary>
    /// Redeems a refresh token for a new pair. The old refresh token is spent (stricter than Microsoft, whose old
    /// tokens usually live on) so that a client that fails to store the rotated one is caught by the next refresh.
    /// </summary>
    public (string AccessToken, string RefreshToken)? Redeem(string refreshToken)
    {
        if (!mailboxByRefreshToken.TryRemove(refreshToken, out var mailboxId))
            return null;
        var pair = ($"at-{Guid.NewGuid():N}", $"rt-{Guid.NewGuid():N}");
        mailboxByAccessToken[pair.Item1] = mailboxId;
        mailboxByRefreshToken[pair.Item2] = mailboxId;
        return pair;
    }

    private ConcurrentDictionary<(string ListId, string TaskId), TodoItem>? Mailbox(string accessToken) =>
        mailboxByAccessToken.TryGetValue(accessToken, out var mailboxId)
        && !expiredAccessTokens.ContainsKey(accessToken)
            ? mailboxes.GetValueOrDefault(mailboxId)
            : null;

    bool ISandboxObjectStore.Edit(string externalId, string status, DateTimeOffset now) =>
        Edit(externalId, status, now);

    public SandboxObjectView? Find(string externalId)
    {
        if (!byExternalId.TryGetValue(externalId, out var item))
            return null;
        lock (item.Sync)
            return new SandboxObjectView(
                Provider,
                externalId,
                item.Title,
                item.Status,
                item.Status == "completed",
                item.Writes,
                item.LastWriteAt
            );
    }
}

/// <summary>A change to a task of a mailbox's list, as a change notification reports it.</summary>
public sealed record TodoChange(string Mailbox, string ListId, string TaskId, string ChangeType);

/// <summary>A task removed from a list, kept so a delta query can report it as @removed.</summary>
public sealed record Tombstone(string ListId, string TaskId, long Sequence);

public enum TokenCheck
{
    Valid,
    Expired,
    Unknown,
}
