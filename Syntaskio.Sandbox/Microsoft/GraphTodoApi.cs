using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// GET, PATCH and DELETE /v1.0/me/todo/lists/{listId}/tasks/{taskId} and the list's task collection, with Graph's
/// bearer check, status codes and error bodies. Served under /graph so one emulator can stand in for several vendors.
/// </summary>
public static class GraphTodoApi
{
    public const string BasePath = "/graph/v1.0";
    private static readonly HashSet<string> WritableProperties =
    [
        "@odata.type",
        "status",
        "title",
        "importance",
        "isReminderOn",
        "categories",
    ];

    public static void MapGraphTodoApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/objects/microsoft", Seed);
        var graph = app.MapGroup($"{BasePath}/me/todo/lists/{{listId}}/tasks");
        graph.MapGet("/", ListTasks);
        graph.MapGet("/{taskId}", GetTask);
        graph.MapPatch("/{taskId}", PatchTask);
        graph.MapDelete("/{taskId}", DeleteTask);
        app.MapGet($"{BasePath}/me", GetMe);
    }

    /// <summary>GET /me: the signed-in user, as Graph's user resource names them.</summary>
    public static async Task GetMe(HttpContext context, TodoStore store)
    {
        if (await Authenticate(context, store) is not { } token)
            return;
        var address = store.AddressOf(token);
        await WriteJson(
            context,
            200,
            new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                ["id"] = Convert.ToHexStringLower(
                    System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(address))
                )[..32],
                ["displayName"] = address.Split('@')[0],
                ["mail"] = address,
                ["userPrincipalName"] = address,
            }
        );
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static IResult Seed(TodoSeedRequest request, TodoStore store, TimeProvider time)
    {
        if (
            (string.IsNullOrEmpty(request.AccessToken) && string.IsNullOrEmpty(request.Mailbox))
            || string.IsNullOrEmpty(request.ListId)
            || string.IsNullOrEmpty(request.TaskId)
        )
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["body"] = ["mailbox or accessToken, listId and taskId are required."],
                }
            );
        var status = request.Status ?? "notStarted";
        if (!TodoStore.Statuses.Contains(status))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["status"] = [$"status must be one of {string.Join(", ", TodoStore.Statuses)}."],
                }
            );
        store.Seed(
            request.Mailbox,
            NullIfEmpty(request.AccessToken),
            request.RefreshToken,
            request.ListId,
            request.TaskId,
            request.Title ?? request.TaskId,
            status,
            time.GetUtcNow()
        );
        return TypedResults.Created(
            $"/_sandbox/objects/microsoft/{Uri.EscapeDataString($"{request.ListId}/{request.TaskId}")}"
        );
    }

    public static async Task ListTasks(HttpContext context, string listId, TodoStore store)
    {
        if (await Authenticate(context, store) is not { } token)
            return;
        var items = store.List(token, listId).ToList();
        var value = new JsonArray();
        foreach (var item in items)
            lock (item.Sync)
                value.Add(TodoTaskJson.Render(item, Context(listId)));
        await WriteJson(context, 200, new JsonObject { ["@odata.context"] = Context(listId), ["value"] = value });
    }

    public static async Task GetTask(HttpContext context, string listId, string taskId, TodoStore store)
    {
        if (await Authenticate(context, store) is not { } token)
            return;
        if (store.Find(token, listId, taskId) is not { } item)
        {
            await GraphErrors.Write(context, 404);
            return;
        }
        JsonObject body;
        lock (item.Sync)
            body = TodoTaskJson.Render(item, $"{Context(listId)}/$entity");
        await WriteJson(context, 200, body);
    }

    public static async Task PatchTask(
        HttpContext context,
        string listId,
        string taskId,
        TodoStore store,
        TimeProvider time
    )
    {
        if (await Authenticate(context, store) is not { } token)
            return;
        if (store.Find(token, listId, taskId) is not { } item)
        {
            await GraphErrors.Write(context, 404);
            return;
        }
        var patch = await ReadPatch(context);
        if (patch is null)
            return;

        JsonObject body;
        lock (item.Sync)
        {
            var now = time.GetUtcNow();
            if (patch["title"] is JsonValue title)
                item.Title = title.GetValue<string>();
            if (patch["status"] is JsonValue status)
            {
                item.Status = status.GetValue<string>();
                item.CompletedDateTime = item.Status == "completed" ? item.CompletedDateTime ?? now : null;
            }
            item.LastModifiedDateTime = now;
            item.Version++;
            item.ChangeSequence = store.NextSequence();
            item.Writes++;
            item.LastWriteAt = now;
            body = TodoTaskJson.Render(item, $"{Context(listId)}/$entity");
        }
        store.Announce(item, "updated");
        await WriteJson(context, 200, body);
    }

    public static async Task DeleteTask(HttpContext context, string listId, string taskId, TodoStore store)
    {
        if (await Authenticate(context, store) is not { } token)
            return;
        if (!store.Delete(token, listId, taskId))
        {
            await GraphErrors.Write(context, 404);
            return;
        }
        context.Response.StatusCode = 204;
    }

    private static async Task<JsonObject?> ReadPatch(HttpContext context)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await GraphErrors.Write(
                context,
                400,
                "BadRequest",
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of "
                    + "valid JSON format."
            );
            return null;
        }
        if (node is not JsonObject patch)
        {
            await GraphErrors.Write(context, 400, "BadRequest", "Empty Payload. JSON content expected.");
            return null;
        }
        if (
            patch.Select(property => property.Key).FirstOrDefault(key => !WritableProperties.Contains(key)) is
            { } unknown
        )
        {
            await GraphErrors.Write(context, 400, "invalidRequest", $"Invalid property '{unknown}'.");
            return null;
        }
        if (
            patch["status"] is { } status
            && (
                status.GetValueKind() != JsonValueKind.String || !TodoStore.Statuses.Contains(status.GetValue<string>())
            )
        )
        {
            await GraphErrors.Write(
                context,
                400,
                "invalidRequest",
                $"Invalid value '{status.ToJsonString()}' for property 'status'."
            );
            return null;
        }
        return patch;
    }

    internal static async Task<string?> Authenticate(HttpContext context, TodoStore store)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == "Bearer ".Length)
        {
            await GraphErrors.Write(context, 401, "InvalidAuthenticationToken", "Access token is empty.");
            return null;
        }
        var token = header["Bearer ".Length..];
        switch (store.Check(token))
        {
            case TokenCheck.Valid:
                return token;
            case TokenCheck.Expired:
                await GraphErrors.Write(
                    context,
                    401,
                    "InvalidAuthenticationToken",
                    "Lifetime validation failed, the token is expired."
                );
                return null;
            default:
                await GraphErrors.Write(
                    context,
                    401,
                    "InvalidAuthenticationToken",
                    "Access token validation failure. Invalid audience."
                );
                return null;
        }
    }

    private static string Context(string listId) =>
        $"https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists('{listId}')/tasks";

    internal static Task WriteJson(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType =
            "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}

public sealed record TodoSeedRequest(
    string? AccessToken,
    string? RefreshToken,
    string? ListId,
    string? TaskId,
    string? Title,
    string? Status,
    string? Mailbox = null
);
