using System.Globalization;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// GET /v1.0/me/todo/lists and GET /v1.0/me/todo/lists/{listId}/tasks/delta as Graph's delta query works: the first
/// round returns every task, in pages linked by @odata.nextLink, and ends with an @odata.deltaLink; following that
/// link returns only what changed since, with removed tasks as "@removed". A delta token whose sync state is gone
/// answers 410 (POST /_sandbox/microsoft/delta/expire ends every token issued so far).
/// </summary>
public static class GraphDeltaApi
{
    public const int PageSize = 50;

    public static void MapGraphDeltaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{GraphTodoApi.BasePath}/me/todo/lists", ListLists);
        // Graph takes the function both ways; its SDK calls delta().
        app.MapGet($"{GraphTodoApi.BasePath}/me/todo/lists/{{listId}}/tasks/delta", Delta);
        app.MapGet($"{GraphTodoApi.BasePath}/me/todo/lists/{{listId}}/tasks/delta()", Delta);
        app.MapPost("/_sandbox/microsoft/delta/expire", (TodoStore store) =>
        {
            store.ExpireDeltaTokens();
            return TypedResults.NoContent();
        });
    }

    public static async Task ListLists(HttpContext context, TodoStore store)
    {
        if (await GraphTodoApi.Authenticate(context, store) is not { } token)
            return;
        var value = new JsonArray();
        foreach (var listId in store.Lists(token))
        {
            value.Add(
                new JsonObject
                {
                    ["@odata.etag"] = $"W/\"{listId}\"",
                    ["displayName"] = listId,
                    ["isOwner"] = true,
                    ["isShared"] = false,
                    ["wellknownListName"] = "none",
                    ["id"] = listId,
                }
            );
        }
        await GraphTodoApi.WriteJson(
            context,
            200,
            new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists",
                ["value"] = value,
            }
        );
    }

    // $skiptoken "from.after": the round's delta token and the last change already sent in this round.
    public static async Task Delta(HttpContext context, string listId, TodoStore store)
    {
        if (await GraphTodoApi.Authenticate(context, store) is not { } token)
            return;
        var query = context.Request.Query;
        long from = 0,
            after = 0;
        if (query["$skiptoken"].ToString() is { Length: > 0 } skip)
        {
            var parts = skip.Split('.');
            (from, after) = (Parse(parts[0]), Parse(parts.ElementAtOrDefault(1)));
        }
        else if (query["$deltatoken"].ToString() is { Length: > 0 } delta)
        {
            from = Parse(delta);
        }
        if (from > 0 && from < store.DeltaFloor || from < 0)
        {
            await GraphErrors.Write(
                context,
                410,
                "syncStateNotFound",
                "The sync state generation is not found. Please resync."
            );
            return;
        }
        var upTo = store.CurrentSequence;
        var changed = new List<(long Sequence, JsonObject Body)>();
        foreach (var item in store.List(token, listId))
        {
            lock (item.Sync)
                if (item.ChangeSequence > Math.Max(from, after))
                    changed.Add((item.ChangeSequence, TodoTaskJson.Render(item, CollectionContext)));
        }
        if (from > 0)
        {
            foreach (var gone in store.RemovedAfter(token, listId, Math.Max(from, after)))
            {
                var removal = new JsonObject
                {
                    ["id"] = gone.TaskId,
                    ["@removed"] = new JsonObject { ["reason"] = "deleted" },
                };
                changed.Add((gone.Sequence, removal));
            }
        }
        var page = changed.OrderBy(change => change.Sequence).Take(PageSize + 1).ToList();
        var value = new JsonArray(page.Take(PageSize).Select(change => (JsonNode)change.Body).ToArray());
        var body = new JsonObject { ["@odata.context"] = CollectionContext, ["value"] = value };
        var link = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
        if (page.Count > PageSize)
            body["@odata.nextLink"] = $"{link}?$skiptoken={from}.{page[PageSize - 1].Sequence}";
        else
            body["@odata.deltaLink"] = $"{link}?$deltatoken={Math.Max(upTo, 1)}";
        await GraphTodoApi.WriteJson(context, 200, body);
    }

    private static long Parse(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private const string CollectionContext = "https://graph.microsoft.com/v1.0/$metadata#Collection(todoTask)";
}
