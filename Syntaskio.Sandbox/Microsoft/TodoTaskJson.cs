using System.Globalization;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>A todoTask resource as Graph v1.0 returns it (microsoft.graph.todoTask).</summary>
public static class TodoTaskJson
{
    public static JsonObject Render(TodoItem item, string context)
    {
        var task = new JsonObject
        {
            ["@odata.context"] = context,
            ["@odata.etag"] = ETag(item),
            ["importance"] = "normal",
            ["isReminderOn"] = false,
            ["status"] = item.Status,
            ["title"] = item.Title,
            ["createdDateTime"] = Timestamp(item.CreatedDateTime),
            ["lastModifiedDateTime"] = Timestamp(item.LastModifiedDateTime),
            ["hasAttachments"] = false,
            ["categories"] = new JsonArray(),
            ["id"] = item.Id,
            ["body"] = new JsonObject { ["content"] = "", ["contentType"] = "text" },
        };
        if (item.CompletedDateTime is { } completed)
        {
            // dateTimeTimeZone: a local date-time with 7 fractional digits and a separate time zone name.
            task["completedDateTime"] = new JsonObject
            {
                ["dateTime"] = completed.UtcDateTime.ToString(
                    "yyyy-MM-ddTHH:mm:ss.fffffff",
                    CultureInfo.InvariantCulture
                ),
                ["timeZone"] = "UTC",
            };
        }
        return task;
    }

    public static string ETag(TodoItem item) =>
        $"W/\"{Convert.ToBase64String(BitConverter.GetBytes(item.Version * 7919L + item.Id.GetHashCode()))}\"";

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
