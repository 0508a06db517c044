using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Tests.Functional;

/// <summary>Reads a sync job through the API the way a client would.</summary>
internal static class SyncJobProbe
{
    public static async Task<JsonObject> GetAsync(HttpClient client, string location) =>
        (await client.GetFromJsonAsync<JsonObject>(location))!;

    public static Task<JsonObject> WaitForStatusAsync(HttpClient client, string location, string status, TimeSpan timeout) =>
        Infrastructure.Eventually.ReturnsAsync(
            () => GetAsync(client, location),
            job => (string?)job["status"] == status,
            timeout,
            $"sync job {location} to be {status}");
}
