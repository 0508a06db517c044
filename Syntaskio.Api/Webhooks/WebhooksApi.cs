using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Syntaskio.Jobs.Inbound;

namespace Syntaskio.Api.Webhooks;

/// <summary>
/// Where vendors notify changes (docs/two-way.md): anonymous, as the vendor calls it; a notification proves itself by
/// the subscription's clientState, and all it can cause is an early poll of a connection we already watch.
/// </summary>
public static class WebhooksApi
{
    // Graph's validation tokens are a few hundred characters; anything far longer is not from Graph.
    private const int MaxValidationTokenLength = 1024;
    private const int MaxSecretLength = 128;
    private const int MaxRecordIdLength = 20;

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/webhooks").AllowAnonymous().WithTags("Webhooks");
        // The addresses ChangeSubscriptions.WebhookPathOf gives the vendors.
        api.MapPost("/microsoft", ReceiveMicrosoftAsync)
            .WithName("receiveGraphNotifications")
            .WithSummary("Graph's change notifications")
            .WithDescription("?validationToken= is echoed as text/plain; a notification collection is answered 202.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/microsoft/lifecycle", ReceiveMicrosoftLifecycleAsync)
            .WithName("receiveGraphLifecycleNotifications")
            .WithSummary("Graph's lifecycle notifications")
            .WithDescription(
                "?validationToken= is echoed as text/plain; reauthorizationRequired renews the subscription, "
                    + "subscriptionRemoved makes it again, missed reads its list now (202)."
            )
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/connectwise/{secret}", ReceiveConnectWiseAsync)
            .WithName("receiveConnectWiseCallback")
            .WithSummary("ConnectWise's ticket callbacks")
            .WithDescription(
                "The secret names the connection; ?recordId= the ticket. 200 whether or not the secret is known (the "
                    + "answer tells a caller nothing); 400 when recordId is missing or not a record id."
            )
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <summary>
    /// Graph's validation request (?validationToken=…, answered with the token as plain text within 10 s), or a
    /// changeNotificationCollection, accepted with 202 once the connections it names are due for a poll.
    /// </summary>
    public static async Task<Results<ContentHttpResult, Accepted, ProblemHttpResult>> ReceiveMicrosoftAsync(
        HttpRequest request,
        ChangeNotifications notifications,
        CancellationToken cancellationToken
    )
    {
        if (request.Query["validationToken"].ToString() is { Length: > 0 } token)
            return Echo(token);
        if (await ReadNotificationsAsync(request, cancellationToken) is not { } received)
        {
            return TypedResults.Problem(
                statusCode: 400,
                title: "Not a change notification collection",
                detail: "Expected {\"value\":[{\"subscriptionId\",\"clientState\",…}]}."
            );
        }
        await notifications.AcceptAsync(
            received.Select(each => (each.SubscriptionId, each.ClientState)).ToList(),
            cancellationToken
        );
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// Graph's lifecycle notifications for our subscriptions, checked like change notifications (the subscription and
    /// its clientState): each asks for a renewal, a new subscription or a read of a list.
    /// </summary>
    public static async Task<Results<ContentHttpResult, Accepted, ProblemHttpResult>> ReceiveMicrosoftLifecycleAsync(
        HttpRequest request,
        ChangeNotifications notifications,
        CancellationToken cancellationToken
    )
    {
        if (request.Query["validationToken"].ToString() is { Length: > 0 } token)
            return Echo(token);
        if (await ReadNotificationsAsync(request, cancellationToken) is not { } received)
        {
            return TypedResults.Problem(
                statusCode: 400,
                title: "Not a lifecycle notification collection",
                detail: "Expected {\"value\":[{\"subscriptionId\",\"clientState\",\"lifecycleEvent\",…}]}."
            );
        }
        var lifecycle = received
            .Where(each => each.LifecycleEvent is not null)
            .Select(each => (each.SubscriptionId, each.ClientState, each.LifecycleEvent!))
            .ToList();
        await notifications.AcceptLifecycleAsync(lifecycle, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// A ConnectWise callback: the secret in the path names the connection, and <c>recordId</c> (appended by
    /// ConnectWise) the ticket. Only a ticket the person has polls the connection at once: a company-wide callback
    /// also fires for everyone else's tickets.
    /// </summary>
    public static async Task<Results<Ok, ProblemHttpResult>> ReceiveConnectWiseAsync(
        string secret,
        [FromQuery] string? recordId,
        ChangeNotifications notifications,
        CancellationToken cancellationToken
    )
    {
        if (recordId is not { Length: > 0 and <= MaxRecordIdLength } || !recordId.All(char.IsAsciiDigit))
            return TypedResults.Problem(
                statusCode: 400,
                title: "Not a ConnectWise callback",
                detail: "ConnectWise appends ?recordId= with the record's numeric id."
            );
        if (secret.Length <= MaxSecretLength)
            await notifications.AcceptRecordAsync(secret, recordId, cancellationToken);
        return TypedResults.Ok();
    }

    private static Results<ContentHttpResult, Accepted, ProblemHttpResult> Echo(string token) =>
        token.Length > MaxValidationTokenLength
            ? TypedResults.Problem(statusCode: 400, title: "The validation token is too long")
            : TypedResults.Text(token, "text/plain", statusCode: 200);

    // Read leniently: Graph adds properties over time, and one it adds must not turn its notifications away.
    private static async Task<List<(
        string SubscriptionId,
        string ClientState,
        string? LifecycleEvent
    )>?> ReadNotificationsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        if (body is not JsonObject { } collection || collection["value"] is not JsonArray value)
            return null;
        var received = new List<(string, string, string?)>();
        foreach (var item in value)
        {
            if (
                item?["subscriptionId"] is JsonValue id
                && id.TryGetValue<string>(out var subscriptionId)
                && item["clientState"] is JsonValue state
                && state.TryGetValue<string>(out var clientState)
            )
            {
                var lifecycleEvent =
                    item["lifecycleEvent"] is JsonValue lifecycle && lifecycle.TryGetValue<string>(out var named)
                        ? named
                        : null;
                received.Add((subscriptionId, clientState, lifecycleEvent));
            }
        }
        return received;
    }
}
