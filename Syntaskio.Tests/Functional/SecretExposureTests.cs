using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A provider token never shows in logs, problem details, the API's answers or the dashboard.
/// </summary>
public sealed class SecretExposureTests
{
    [Test]
    public async Task ProviderToken_IsInNoLogLine_NoAnswer_AndNoDashboardPage_AfterASuccessAndAFailure()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(2);
        var providerToken = "token-" + listId["list-".Length..];
        var worker = deployment.StartWorker(logLevel: "Debug");
        await TestEnvironment.Sandbox.AddFaultAsync(
            "microsoft",
            $"{listId}/tasks/{tasks[0].ExternalId.Split('/')[1]}",
            403,
            count: 1
        );

        var failed = (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).Headers.Location!.ToString();
        var succeeded = (
            await client.PostAsync($"/api/tasks/{tasks[1].Id}/complete", null)
        ).Headers.Location!.ToString();
        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status IN ('completed', 'failed')"),
            done => done == 2,
            TimeSpan.FromSeconds(30),
            "both syncs to finish"
        );
        var hangfireId = await DatabaseProbe.ScalarOnAsync(
            deployment.ConnectionString,
            "SELECT hangfire_job_id FROM sync_jobs WHERE status = 'failed'"
        );
        var issued = await (
            await client.PostAsJsonAsync("/dev/token", new { sub = "support-secrets", roles = new[] { "support" } })
        ).Content.ReadFromJsonAsync<JsonObject>();
        using var support = new HttpClient(new HttpClientHandler { UseCookies = true })
        {
            BaseAddress = deployment.Api.BaseUrl,
        };
        support.DefaultRequestHeaders.Authorization = new("Bearer", (string)issued!["accessToken"]!);
        (await support.PostAsync("/api/support/session", null)).EnsureSuccessStatusCode();

        var seen = new List<string>
        {
            await client.GetStringAsync(failed),
            await client.GetStringAsync(succeeded),
            await client.GetStringAsync($"{failed}/attempts"),
            await client.GetStringAsync("/api/tasks"),
            await client.GetStringAsync("/api/sync/jobs"),
            await support.GetStringAsync("/hangfire/jobs/failed"),
            await support.GetStringAsync($"/hangfire/jobs/details/{hangfireId}"),
            await support.GetStringAsync("/hangfire/jobs/succeeded"),
            worker.Output,
            deployment.Api.Output,
        };

        Assert.That(await client.GetStringAsync(failed), Does.Contain("403"), "the failure is there to be read");
        Assert.That(worker.Output, Does.Contain("Sync job"), "the worker logged the syncs");
        Assert.That(seen, Has.None.Contain(providerToken));
        client.Dispose();
    }
}
