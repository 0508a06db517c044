using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

public static class SyncEventsApi
{
    public static RouteGroupBuilder MapSyncEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sync/events").WithTags("Sync events");
        // The stream takes a bearer token or, for EventSource, a ticket in the query string.
        api.MapGet("/", StreamEvents)
            .WithName("streamSyncEvents")
            .RequireAuthorization(policy =>
                policy
                    .AddAuthenticationSchemes(
                        JwtBearerDefaults.AuthenticationScheme,
                        EventTicketAuthentication.SchemeName
                    )
                    .RequireAuthenticatedUser()
            )
            .WithSummary("Server-sent events of the caller's syncs")
            .WithDescription(
                "text/event-stream; the first event is ready. Each other event's data is {eventId, type, "
                    + "taskId, syncJobId, taskStatus, attempt, nextAttemptAt, error, at, provider, origin, "
                    + "vendorStatus}, type one of sync.pending, sync.processing, sync.retrying, sync.completed, "
                    + "sync.failed, sync.conflict, sync.unconfirmed (the vendor may hold the change), sync.resolved, "
                    + "sync.superseded, connection.needs_reconnect, task.changed (origin vendor) and "
                    + "task.list_changed. Last-Event-ID or ?lastEventId= resumes; ?ticket= stands in for the bearer "
                    + "token. A person's 11th open stream (Sync:Events:MaxStreamsPerUser) ends their oldest with a "
                    + "last event, stream.closed {reason: superseded}; one address past "
                    + "Sync:Events:MaxStreamsPerAddress is 429."
            )
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/tickets", IssueTicket)
            .WithName("createEventTicket")
            .RequireAuthorization()
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("A 60 s ticket for EventSource")
            .WithDescription("A browser's EventSource cannot send a bearer token: ?ticket= stands in for it.");
        return api;
    }

    /// <summary>
    /// Server-sent events of the caller's syncs. Resumes after Last-Event-ID (the header EventSource sends when it
    /// reconnects, or ?lastEventId=); without one it starts now. The first event, "ready", says where it started.
    /// </summary>
    public static Results<ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult> StreamEvents(
        HttpContext context,
        string? lastEventId,
        ClaimsPrincipal user,
        SyncEventStream stream,
        EventStreamAddressLimit addressLimit
    )
    {
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        long? after = null;
        if (!string.IsNullOrEmpty(resumeFrom))
        {
            if (!long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        ["lastEventId"] = ["Last-Event-ID must be an event id from this stream."],
                    }
                );
            after = parsed;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (addressLimit.TryAcquire(address) is not { } place)
        {
            context.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many event streams from this address",
                detail: "Close a stream (a tab of the status page) and try again after Retry-After."
            );
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(stream.ReadAsync(user.Subject(), after, place, context.RequestAborted));
    }

    /// <summary>
    /// A short-lived ticket for GET /api/sync/events?ticket=..., for clients that cannot send headers.
    /// </summary>
    public static async Task<Ok<EventTicketResponse>> IssueTicket(
        ClaimsPrincipal user,
        UserRepository users,
        EventTicketRepository tickets,
        IOptions<SyncEventsOptions> options,
        CancellationToken cancellationToken
    )
    {
        // A person new to the service opens the page before connecting anything: they are a user from then on.
        await users.EnsureAsync(user.Subject(), null, cancellationToken);
        var (ticket, expiresAt) = (
            await tickets.IssueAsync(user.Subject(), options.Value.TicketLifetime, cancellationToken)
        )!.Value;
        return TypedResults.Ok(new EventTicketResponse(ticket, expiresAt));
    }
}

public sealed record EventTicketResponse(string Ticket, DateTime ExpiresAt);
