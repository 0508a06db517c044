using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// ConnectWise callbacks: after a ticket of a company changes, each active ticket callback of that company is POSTed
/// the callback payload at its URL with the ticket's id appended, except one whose member made the change and that
/// asked for its own changes to be suppressed (isSelfSuppressedFlag). Each delivery is tried once and kept in
/// <see cref="Deliveries"/>; the x-content-signature (keyed by a URL in the payload) is not sent.
/// </summary>
public sealed class CwCallbackStore
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<int, CwCallback> callbacks = new();
    private readonly ConcurrentQueue<CwCallbackDelivery> deliveries = new();
    private readonly CwStore store;
    private readonly TimeProvider time;
    private int nextId = 26_000;

    public CwCallbackStore(CwStore store, TimeProvider time)
    {
        (this.store, this.time) = (store, time);
        store.TicketChanged += (ticket, byMember) => _ = DeliverAsync(ticket, byMember);
    }

    public IEnumerable<CwCallbackDelivery> Deliveries => deliveries;

    /// <summary>The callbacks registered for a company, by any of its members.</summary>
    public IEnumerable<CwCallback> OfCompany(string company) =>
        callbacks.Values.Where(callback => callback.Company == company).OrderBy(callback => callback.Id);

    public CwCallback Add(string company, string member, CwCallbackRequest request)
    {
        var callback = new CwCallback(
            Interlocked.Increment(ref nextId),
            company,
            member,
            request.Url!,
            request.ObjectId is > 0 ? request.ObjectId.Value : 1,
            request.Type!,
            request.Level!,
            request.Description,
            request.InactiveFlag ?? false,
            request.IsSelfSuppressedFlag ?? false,
            time.GetUtcNow()
        );
        callbacks[callback.Id] = callback;
        return callback;
    }

    public CwCallback? Find(string company, int id) =>
        callbacks.TryGetValue(id, out var found) && found.Company == company ? found : null;

    public bool Remove(string company, int id) => Find(company, id) is not null && callbacks.TryRemove(id, out _);

    /// <summary>Marks a callback inactive, as ConnectWise does after days of failed deliveries.</summary>
    public bool Deactivate(int id) =>
        callbacks.TryGetValue(id, out var found) && callbacks.TryUpdate(id, found with { InactiveFlag = true }, found);

    private async Task DeliverAsync(CwTicket ticket, string? byMember)
    {
        var targets = callbacks
            .Values.Where(each =>
                each.Company == ticket.CompanyId
                && each.Type == "ticket"
                && !each.InactiveFlag
                && !(each.IsSelfSuppressedFlag && each.Member == byMember)
            )
            .ToList();
        if (targets.Count == 0)
            return;
        string entity;
        lock (ticket.Sync)
            entity = CwJson.Ticket(ticket, store.Board(ticket.BoardId)!, store.StatusOf(ticket)).ToJsonString();
        foreach (var callback in targets)
        {
            var payload = new JsonObject
            {
                ["MessageId"] = Guid.NewGuid().ToString(),
                ["FromUrl"] = "sandbox.myconnectwise.net",
                ["CompanyId"] = callback.Company,
                ["MemberId"] = byMember is null ? "a-person" : "api-member",
                ["Action"] = "updated",
                ["Type"] = "ticket",
                ["ID"] = ticket.Id,
                ["Entity"] = entity,
                ["Metadata"] = new JsonObject { ["key_url"] = "https://sandbox.myconnectwise.net/callbackkey" },
                ["CallbackObjectRecId"] = callback.Id,
            };
            int? status = null;
            try
            {
                using var timeout = new CancellationTokenSource(DeliveryTimeout);
                using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync($"{callback.Url}{ticket.Id}", content, timeout.Token);
                status = (int)response.StatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException) { }
            deliveries.Enqueue(new CwCallbackDelivery(callback.Id, ticket.Id, time.GetUtcNow(), status));
        }
    }
}

public sealed record CwCallback(
    int Id,
    string Company,
    string Member,
    string Url,
    int ObjectId,
    string Type,
    string Level,
    string? Description,
    bool InactiveFlag,
    bool IsSelfSuppressedFlag,
    DateTimeOffset LastUpdated
);

public sealed record CwCallbackRequest(
    string? Url,
    int? ObjectId,
    string? Type,
    string? Level,
    string? Description,
    bool? InactiveFlag,
    bool? IsSelfSuppressedFlag
);

/// <summary>One callback sent: which callback, which ticket, when, and the answer's status (null: none).</summary>
public sealed record CwCallbackDelivery(int CallbackId, int TicketId, DateTimeOffset SentAt, int? Status);
