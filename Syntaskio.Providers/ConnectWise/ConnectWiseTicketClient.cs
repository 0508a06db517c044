using System.Text.Json;
using Microsoft.Extensions.Options;
using RestSharp;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// ConnectWise Manage service tickets, project tickets and ticket tasks through RestSharp. Tickets close by moving
/// to their board's closed status (names differ per board) and reopen to the status they had before; ticket tasks
/// flip closedFlag. Every write is a JSON Patch array and is confirmed by reading the object back: boards can
/// refuse through workflow rules while still answering 200.
/// </summary>
public sealed class ConnectWiseTicketClient(
    IHttpClientFactory httpClientFactory,
    IOptions<ConnectWiseOptions> options,
    ConnectWiseBoardStatusCache boardStatuses,
    TimeProvider time
) : ITaskStatusWriter, ITaskChangeFeed, ITaskChangeSubscriptions
{
    public const string HttpClientName = "connectwise";
    public const string NoStartOnTicketTask = "A ConnectWise ticket task has no in-progress state, only closedFlag.";
    private static readonly TaskCapabilities Tickets = new(CanReopen: true, CanStart: true);
    private static readonly TaskCapabilities TicketTasks = new(CanReopen: true, CanStart: false, NoStartOnTicketTask);
    internal const string Provider = "ConnectWise";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        ProviderConnection connection,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        var collection = ConnectWiseKinds.TicketCollection(change.Kind);
        return ConnectWiseKinds.IsTicketTask(change.Kind)
            ? await ApplyToTicketTaskAsync(
                session,
                $"{collection}/{Id(change.ContainerId)}/tasks/{Id(change.ExternalId)}",
                change,
                cancellationToken
            )
            : await ApplyToTicketAsync(session, $"{collection}/{Id(change.ExternalId)}", change, cancellationToken);
    }

    public TaskCapabilities CapabilitiesOf(string kind) => ConnectWiseKinds.IsTicketTask(kind) ? TicketTasks : Tickets;

    public async Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        var feed = new ConnectWiseTicketFeed(
            session,
            new ConnectWiseStatusMap(session, boardStatuses, options.Value),
            time
        );
        var tickets = await feed.ReadAsync(cursor, cancellationToken);
        var known = await knownTasks(cancellationToken);
        var ticketTasks = await feed.ReadEachAsync(
            known.Where(task => ConnectWiseKinds.IsTicketTask(task.Kind)),
            cancellationToken
        );
        return tickets with
        {
            Changes = [.. tickets.Changes, .. ticketTasks],
            Containers = [ConnectWiseCallbacks.Tickets],
        };
    }

    public async Task<IReadOnlyList<VendorTaskChange>> ReadTasksAsync(
        ProviderConnection connection,
        IReadOnlyList<KnownTask> tasks,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        return await new ConnectWiseTicketFeed(
            session,
            new ConnectWiseStatusMap(session, boardStatuses, options.Value),
            time
        ).ReadEachAsync(tasks, cancellationToken);
    }

    public async Task<ChangeSubscription> SubscribeAsync(
        ProviderConnection connection,
        ChangeSubscriptionRequest request,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        return await new ConnectWiseCallbacks(session).SubscribeAsync(request, cancellationToken);
    }

    public async Task<DateTimeOffset?> RenewAsync(
        ProviderConnection connection,
        string subscriptionId,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        return await new ConnectWiseCallbacks(session).RenewAsync(subscriptionId, expiresAt, cancellationToken);
    }

    /// <summary>A ticket callback at owner level covers the company: every member of it shares one.</summary>
    public string? SharedScopeOf(ProviderConnection connection) =>
        $"{connection.BaseUrl.Host}|{ConnectWiseCredentials.Parse(connection.CredentialsJson).CompanyId}";

    public async Task UnsubscribeAsync(
        ProviderConnection connection,
        string subscriptionId,
        CancellationToken cancellationToken
    )
    {
        using var session = SessionFor(connection);
        await new ConnectWiseCallbacks(session).UnsubscribeAsync(subscriptionId, cancellationToken);
    }

    private ConnectWiseSession SessionFor(ProviderConnection connection)
    {
        var credentials = ConnectWiseCredentials.Parse(connection.CredentialsJson);
        var client = new RestClient(
            httpClientFactory.CreateClient(HttpClientName),
            new RestClientOptions(connection.BaseUrl)
        );
        return new ConnectWiseSession(client, credentials, connection.BaseUrl.ToString(), time);
    }

    // A reopen restores the status the ticket had before we closed it, which may be one being worked on: the
    // result says so, and the task shows it.
    private async Task<ProviderWriteResult> ApplyToTicketAsync(
        ConnectWiseSession session,
        string path,
        ProviderStatusChange change,
        CancellationToken cancellationToken
    )
    {
        var wantClosed = change.Target == TargetStatus.Completed;
        var statuses = new ConnectWiseStatusMap(session, boardStatuses, options.Value);
        var ticket = await session.GetAsync<CwTicket>(path, cancellationToken);
        var current = await statuses.OursAsync(ticket, cancellationToken);
        var asWanted = current == change.Target;
        ProviderConflictException.ThrowIfChanged(
            Provider,
            change.ExpectedVendorStatus,
            VendorStatusOf(ticket),
            ticket.ClosedFlag,
            asWanted,
            change.Target switch
            {
                TargetStatus.Completed => "closed",
                TargetStatus.InProgress => "in progress",
                _ => "open",
            }
        );
        if (asWanted)
            return Result(ticket, prior: null) with { Status = current };
        var boardId = ticket.Board?.Id
            ?? throw new PermanentProviderException($"ConnectWise ticket {ticket.Id} has no board.");

        var status = change.Target switch
        {
            TargetStatus.Completed => await statuses.ClosedStatusAsync(boardId, cancellationToken),
            TargetStatus.InProgress => await statuses.InProgressStatusAsync(boardId, cancellationToken),
            _ => RestoreStatus(change.RestoreState) ?? await statuses.DefaultStatusAsync(boardId, cancellationToken),
        };
        await session.PatchAsync(
            path,
            new CwPatchOperation("replace", "status", new { id = status }),
            cancellationToken
        );

        var readBack = await session.GetAsync<CwTicket>(path, cancellationToken);
        if (
            readBack.ClosedFlag != wantClosed
            || change.Target == TargetStatus.InProgress && readBack.Status?.Id != status
        )
        {
            throw new PermanentProviderException(
                $"ConnectWise accepted the change but ticket {ticket.Id} is still "
                    + $"{(readBack.ClosedFlag ? "closed" : "open")} "
                    + $"with status '{readBack.Status?.Name}': a board workflow rule kept it.",
                200,
                "WorkflowRefused"
            );
        }
        var prior = ticket.Status is { } before
            ? JsonSerializer.Serialize(new CwPriorStatus(before.Id, before.Name), Json)
            : null;
        return Result(readBack, prior) with { Status = await statuses.OursAsync(readBack, cancellationToken) };
    }

    private static async Task<ProviderWriteResult> ApplyToTicketTaskAsync(
        ConnectWiseSession session,
        string path,
        ProviderStatusChange change,
        CancellationToken cancellationToken
    )
    {
        if (change.Target == TargetStatus.InProgress)
            throw new PermanentProviderException(NoStartOnTicketTask, errorCode: "unsupported");
        var wantClosed = change.Target == TargetStatus.Completed;
        var task = await session.GetAsync<CwTicketTask>(path, cancellationToken);
        ProviderConflictException.ThrowIfChanged(
            Provider,
            change.ExpectedVendorStatus,
            task.ClosedFlag ? "closed" : "open",
            task.ClosedFlag,
            task.ClosedFlag == wantClosed,
            wantClosed ? "closed" : "open"
        );
        if (task.ClosedFlag != wantClosed)
        {
            await session.PatchAsync(
                path,
                new CwPatchOperation("replace", "closedFlag", wantClosed),
                cancellationToken
            );
            task = await session.GetAsync<CwTicketTask>(path, cancellationToken);
            if (task.ClosedFlag != wantClosed)
                throw new PermanentProviderException(
                    $"ConnectWise accepted the change but ticket task {task.Id} kept closedFlag={task.ClosedFlag}.",
                    200,
                    "WorkflowRefused"
                );
        }
        return new ProviderWriteResult(task.ClosedFlag ? "closed" : "open", task.ClosedFlag);
    }

    private static int? RestoreStatus(string? restoreState) =>
        restoreState is null ? null : JsonSerializer.Deserialize<CwPriorStatus>(restoreState, Json)?.StatusId;

    internal static ProviderWriteResult Result(CwTicket ticket, string? prior) =>
        new(VendorStatusOf(ticket), ticket.ClosedFlag, prior, VendorModifiedAt: ticket.Info?.LastUpdated);

    internal static string VendorStatusOf(CwTicket ticket) =>
        ticket.Status?.Name ?? (ticket.ClosedFlag ? "closed" : "open");

    private static int Id(string? value) =>
        int.TryParse(value, out var id)
            ? id
            : throw new PermanentProviderException($"'{value}' is not a ConnectWise record id.");
}
