using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>What the host offers besides the task routes: health, OpenAPI, the dashboard, the dev token.</summary>
public sealed class HostSurfaceTests
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_Returns200_WhenDatabaseAnswers(string path)
    {
        using var client = TestEnvironment.Api.CreateClient();

        var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task OpenApi_DescribesTaskAndSyncJobRoutes()
    {
        using var client = TestEnvironment.Api.CreateClient();

        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.That(paths, Does.Contain("/api/tasks/").Or.Contain("/api/tasks"));
        Assert.That(paths, Does.Contain("/api/tasks/{taskId}/complete"));
        Assert.That(paths, Does.Contain("/api/tasks/{taskId}/reopen"));
        Assert.That(paths, Does.Contain("/api/sync/jobs/{id}"));
    }

    [Test]
    public async Task HangfireDashboard_ServesItsPages_ToSupportStaff()
    {
        using var client = await TestEnvironment.Api.CreateSupportClientAsync("support-surface");

        var response = await client.GetAsync("/hangfire/jobs/succeeded");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Syntaskio Sync"));
    }

    [Test]
    public async Task DevToken_Returns400Problem_WhenSubjectMissing()
    {
        using var client = TestEnvironment.Api.CreateClient();

        var response = await client.PostAsJsonAsync("/dev/token", new { sub = "" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }
}
