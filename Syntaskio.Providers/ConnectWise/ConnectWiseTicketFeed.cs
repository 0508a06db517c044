using System.Globalization;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// ConnectWise's change feed: the service and project tickets whose <c>_info.lastUpdated</c> is past the cursor
/// (the newest one seen), searched with <c>conditions=lastUpdated&gt;[...]</c>. ConnectWise stamps whole seconds and a
/// change may commit after a search that began in its second, so each search reaches <see cref="Overlap"/> back:
/// a ticket seen twice is harmless (an unchanged state is not applied again). A company's search shows every
/// member's tickets, so the page only updates tasks the person already has. A first read starts
/// <see cref="FirstLookBack"/> ago. Tasks on tickets carry no lastUpdated and no search: each of the person's is read
/// on every poll (<see cref="ReadEachAsync"/>), one call each.
/// </summary>
internal sealed class ConnectWiseTicketFeed(
    ConnectWiseSession session,
    ConnectWiseStatusMap statuses,
    TimeProvider time
)
{
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(1);
    private const int PageSize = 1000;

    private static readonly (string Collection, string Kind)[] Collections =
    [
        ("service/tickets", ConnectWiseKinds.ServiceTicket),
        ("project/tickets", ConnectWiseKinds.ProjectTicket),
    ];

    public async Task<TaskChangePage> ReadAsync(string? cursor, CancellationToken cancellationToken)
    {
        var newest = cursor is null ? time.GetUtcNow() - FirstLookBack : Parse(cursor);
        var since = cursor is null ? newest : newest - Overlap;
        var shown = since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var condition = $"lastUpdated>[{shown}]";
        var changes = new List<VendorTaskChange>();
        foreach (var (collection, kind) in Collections)
        {
            for (var page = 1; ; page++)
            {
                var tickets = await session.GetAsync<List<CwTicket>>(
                    collection,
                    cancellationToken,
                    ("conditions", condition),
                    ("orderBy", "id asc"),
                    ("page", page.ToString(CultureInfo.InvariantCulture)),
                    ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture))
                );
                foreach (var ticket in tickets)
                {
                    var externalId = ticket.Id.ToString(CultureInfo.InvariantCulture);
                    changes.Add(
                        new VendorTaskChange(
                            kind,
                            null,
                            externalId,
                            ticket.Summary,
                            await statuses.OursAsync(ticket, cancellationToken),
                            ConnectWiseTicketClient.VendorStatusOf(ticket),
                            ticket.Info?.LastUpdated
                        )
                    );
                    if (ticket.Info?.LastUpdated is { } updated && updated > newest)
                        newest = updated;
                }
                if (tickets.Count < PageSize)
                    break;
            }
        }
        var cursorNow = newest.ToString("O", CultureInfo.InvariantCulture);
        return new TaskChangePage(changes, cursorNow, CoversOnlyThisAccount: false);
    }

    /// <summary>The state now of each of these tasks, one call each; one gone from ConnectWise (404) is removed.
    /// </summary>
    public async Task<IReadOnlyList<VendorTaskChange>> ReadEachAsync(
        IEnumerable<KnownTask> known,
        CancellationToken cancellationToken
    )
    {
        var changes = new List<VendorTaskChange>();
        foreach (var task in known)
        {
            try
            {
                changes.Add(await ReadOneAsync(task, cancellationToken));
            }
            catch (PermanentProviderException gone) when (gone.HttpStatus == 404)
            {
                changes.Add(
                    new VendorTaskChange(task.Kind, task.ContainerId, task.ExternalId, null, null, null, null, true)
                );
            }
        }
        return changes;
    }

    private async Task<VendorTaskChange> ReadOneAsync(KnownTask task, CancellationToken cancellationToken)
    {
        var collection = ConnectWiseKinds.TicketCollection(task.Kind);
        if (!ConnectWiseKinds.IsTicketTask(task.Kind))
        {
            var ticket = await session.GetAsync<CwTicket>($"{collection}/{task.ExternalId}", cancellationToken);
            return new VendorTaskChange(
                task.Kind,
                task.ContainerId,
                task.ExternalId,
                ticket.Summary,
                await statuses.OursAsync(ticket, cancellationToken),
                ConnectWiseTicketClient.VendorStatusOf(ticket),
                ticket.Info?.LastUpdated
            );
        }
        var path = $"{collection}/{task.ContainerId}/tasks/{task.ExternalId}";
        var now = await session.GetAsync<CwTicketTask>(path, cancellationToken);
        return new VendorTaskChange(
            task.Kind,
            task.ContainerId,
            task.ExternalId,
            null,
            now.ClosedFlag ? TargetStatus.Completed : TargetStatus.Pending,
            now.ClosedFlag ? "closed" : "open",
            null
        );
    }

    private static DateTimeOffset Parse(string cursor) =>
        DateTimeOffset.TryParse(cursor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new PermanentProviderException($"'{cursor}' is not a ConnectWise change cursor.");
}
