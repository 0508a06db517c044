using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// JSON Patch (RFC 6902) as ConnectWise takes it: [{"op":"replace","path":"status","value":{"id":5}}].
/// </summary>
public static class CwPatch
{
    public sealed record Operation(string Op, string Path, JsonNode? Value);

    /// <summary>The operations, or null when the body is not a well-formed patch array.</summary>
    public static async Task<IReadOnlyList<Operation>?> ReadAsync(HttpContext context)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        if (body is not JsonArray { Count: > 0 } array)
            return null;
        var operations = new List<Operation>();
        foreach (var item in array)
        {
            if (
                item is not JsonObject operation
                || (string?)operation["op"] is not ("replace" or "add")
                || (string?)operation["path"] is not { } path
            )
                return null;
            operations.Add(new Operation((string)operation["op"]!, path.TrimStart('/'), operation["value"]));
        }
        return operations;
    }

    /// <summary>A status reference {"id":n} or {"name":"..."} resolved on the ticket's own board.</summary>
    public static CwStatus? StatusReference(JsonNode? value, CwBoard board) =>
        value switch
        {
            JsonObject reference when reference["id"] is JsonValue id && id.TryGetValue<int>(out var statusId) =>
                board.Statuses.FirstOrDefault(status => status.Id == statusId),
            JsonObject reference when (string?)reference["name"] is { } name => board.Statuses.FirstOrDefault(status =>
                status.Name == name
            ),
            _ => null,
        };
}
