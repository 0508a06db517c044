using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// GET /service/tickets and /project/tickets: ConnectWise's ticket search with the condition a change feed uses,
/// <c>lastUpdated&gt;[2026-12-02T18:00:00Z]</c> (or <c>&gt;=</c>), compared at the second the API shows, and its
/// paging: page from 1, 25 a page unless pageSize says otherwise, at most 1,000. A member sees its own company's
/// tickets (and those seeded without a member).
/// </summary>
public static partial class CwTicketSearch
{
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 1000;

    public static IResult List(
        CwStore store,
        string? company,
        bool project,
        string? conditions,
        int? page,
        int? pageSize
    )
    {
        if (Parse(conditions) is not { } filter)
            return CwApi.Error(400, "InvalidObject", $"The conditions '{conditions}' could not be parsed.");
        var size = Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize);
        var found = store
            .Tickets(project)
            .Where(ticket => ticket.CompanyId is null || ticket.CompanyId == company)
            .OrderBy(ticket => ticket.Id)
            .Select(ticket => Render(store, ticket, filter))
            .OfType<JsonNode>()
            .Skip((Math.Max(page ?? 1, 1) - 1) * size)
            .Take(size);
        return CwJson.Answer(new JsonArray(found.ToArray()));
    }

    private static JsonObject? Render(CwStore store, CwTicket ticket, Func<DateTimeOffset, bool> filter)
    {
        lock (ticket.Sync)
            return filter(ticket.LastUpdated)
                ? CwJson.Ticket(ticket, store.Board(ticket.BoardId)!, store.StatusOf(ticket))
                : null;
    }

    private static Func<DateTimeOffset, bool>? Parse(string? conditions)
    {
        if (string.IsNullOrWhiteSpace(conditions))
            return _ => true;
        var match = LastUpdated().Match(conditions.Trim());
        if (
            !match.Success
            || !DateTimeOffset.TryParse(
                match.Groups["at"].Value,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var at
            )
        )
            return null;
        var inclusive = match.Groups["op"].Value == ">=";
        return lastUpdated =>
        {
            var ticks = lastUpdated.UtcTicks;
            var shown = new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            return inclusive ? shown >= at : shown > at;
        };
    }

    [GeneratedRegex(@"^lastUpdated\s*(?<op>>=|>)\s*\[(?<at>[^\]]+)\]$")]
    private static partial Regex LastUpdated();
}
