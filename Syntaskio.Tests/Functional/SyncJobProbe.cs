using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Tests.Functional;

/// <summary>Reads a sync job through the API the way a client would.</summary>
internal static class SyncJobProbe
{
    public static async Task<JsonObject> GetAsync(HttpClient client, string location) =>
        (await client.GetFromJsonAsync<JsonObject>(location))!;

    public static Task<JsonObject> WaitForStatusAsync(
        HttpClient client,
        string location,
        string status,
        TimeSpan timeout
    ) =>
        Infrastructure.Eventually.ReturnsAsync(
            () => GetAsync(client, location),
            job => (string?)job["status"] == status,
            timeout,
            $"sync job {location} to be {status}"
        );

    /// <summary>
    /// Completes each task, with the emulator answering 403 once per task on <paramref name="listId"/>, and waits
    /// until every sync failed for good: their locations and the failed jobs.
    /// </summary>
    public static async Task<(List<string> Locations, List<JsonObject> Failed)> FailEachAsync(
        HttpClient client,
        string listId,
        IReadOnlyList<Guid> taskIds,
        TimeSpan timeout
    )
    {
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", listId, 403, count: taskIds.Count);
        var locations = new List<string>();
        foreach (var id in taskIds)
            locations.Add((await client.PostAsync($"/api/tasks/{id}/complete", null)).Headers.Location!.ToString());
        var failed = new List<JsonObject>();
        foreach (var location in locations)
            failed.Add(await WaitForStatusAsync(client, location, "failed", timeout));
        return (locations, failed);
    }

    /// <summary>A new user whose one change failed for good (the emulator answered 403 once): the dead letter tests'
    /// start.</summary>
    public static async Task<(Infrastructure.TestUser User, HttpClient Client, string Location)> FailOneSyncAsync(
        TimeSpan timeout
    )
    {
        var user = await Infrastructure.TestUsers.CreateWithTodoTasksAsync();
        var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 403, count: 1);
        var location = (
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        await WaitForStatusAsync(client, location, "failed", timeout);
        return (user, client, location);
    }

    /// <summary>A dead letter as the dashboard knows it: its sync job id and its Hangfire job id.</summary>
    public static async Task<(Guid SyncJobId, string HangfireJobId)> FailOneHangfireJobAsync(TimeSpan timeout)
    {
        var (_, client, location) = await FailOneSyncAsync(timeout);
        client.Dispose();
        var id = Guid.Parse(location.Split('/')[^1]);
        return (
            id,
            (
                await Infrastructure.DatabaseProbe.ScalarAsync(
                    "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
                    ("id", id)
                )
            )!
        );
    }
}
