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

    /// <summary>A new user whose one change failed for good (the emulator answered 403 once): the dead letter tests' start.</summary>
    public static async Task<(Infrastructure.TestUser User, HttpClient Client, string Location)> FailOneSyncAsync(TimeSpan timeout)
    {
        var user = await Infrastructure.TestUsers.CreateWithTodoTasksAsync();
        var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 403, count: 1);
        var location = (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).Headers.Location!.ToString();
        await WaitForStatusAsync(client, location, "failed", timeout);
        return (user, client, location);
    }
}
