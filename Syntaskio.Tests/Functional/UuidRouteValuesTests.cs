using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// One endpoint filter per route group refuses a route value that is not a UUID, naming it.
/// </summary>
public sealed class UuidRouteValuesTests
{
    [TestCase("POST", "/api/tasks/not-a-uuid/complete", "taskId")]
    [TestCase("POST", "/api/tasks/1234/start", "taskId")]
    [TestCase("GET", "/api/sync/jobs/42", "id")]
    [TestCase("POST", "/api/sync/jobs/abc/retry", "id")]
    public async Task RequireUuidRouteValues_AnswersAValidationProblem_WhenARouteValueIsNotAUuid(
        string method,
        string path,
        string name
    )
    {
        using var client = await TestEnvironment.Api.CreateClientAsync("uuid-route-values");
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)problem!["errors"]![name]![0], Is.EqualTo($"{name} must be a UUID."));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
    }
}
