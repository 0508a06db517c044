using System.Text.Json;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>A worker's JSON logs: every line written while a sync job runs carries that job's id.</summary>
public sealed class StructuredLogTests
{
    [Test]
    public async Task WorkerLogLines_OfASyncJob_CarryItsSyncJobId()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        var worker = deployment.StartWorker(logLevel: "Information");

        var response = await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null);
        var syncJobId = response.Headers.Location!.ToString().Split('/')[^1];
        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done == 1,
            TimeSpan.FromSeconds(30),
            "the change to complete"
        );
        var lines = await Eventually.ReturnsAsync(
            () =>
                Task.FromResult(
                    worker.Output.Split('\n').Where(line => line.Contains(listId) || line.Contains(syncJobId)).ToList()
                ),
            found => found.Any(line => line.Contains("confirmed")),
            TimeSpan.FromSeconds(10),
            "the worker to log the job"
        );

        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(3), "the HTTP calls to Graph and the confirmation");
        var categories = lines
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Category").GetString())
            .ToList();
        Assert.That(
            categories.Count(category => category == "Syntaskio.Providers.VendorCalls"),
            Is.EqualTo(2),
            $"one line of ours per call: read, write. The lines:\n{string.Join("\n", lines)}"
        );
        Assert.That(
            categories,
            Has.None.StartsWith("System.Net.Http.HttpClient"),
            "HttpClient's own lines are at Warning"
        );
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            var scopes = entry.RootElement.GetProperty("Scopes").EnumerateArray();
            Assert.That(
                scopes.Any(scope => scope.TryGetProperty("SyncJobId", out var id) && id.GetString() == syncJobId),
                Is.True,
                line
            );
        }
        client.Dispose();
    }
}
