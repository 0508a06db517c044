using System.Text.Json;

namespace Syntaskio.Providers.Rest;

/// <summary>
/// A vendor's error body read leniently: a body that is not the documented JSON still yields an error.
/// </summary>
internal static class ErrorBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T? Parse<T>(string? content)
        where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(content) ? null : JsonSerializer.Deserialize<T>(content, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
