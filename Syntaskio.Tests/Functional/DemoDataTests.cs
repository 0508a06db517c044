using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// What `build.ps1 run` shows a new user: the API in Development seeding the demo user into the emulator.
/// </summary>
public sealed class DemoDataTests
{
    [Test]
    public async Task DemoUser_HasEveryKind_AndEachCompletesAtTheVendor()
    {
        var subject = $"demo-{Guid.NewGuid():N}";
        await using var api = await StartDemoApiAsync(subject);
        using var client = await ClientAsync(api, subject);

        var tasks = await TasksAsync(client);

        Assert.That(
            tasks.Select(task => (string?)task["kind"]).Distinct(),
            Is.EquivalentTo(
                new[]
                {
                    "todo_task",
                    "service_ticket",
                    "project_ticket",
                    "service_ticket_task",
                    "project_ticket_task",
                    "process_step",
                }
            )
        );
        await CompleteEachAsync(client, tasks);
    }

    /// <summary>A second `build.ps1 run` seeds a fresh emulator over a database that remembers the first run.</summary>
    [Test]
    public async Task DemoRestart_LandsTheFirstChangeOfEveryTask_WithNoFalseConflict()
    {
        var subject = $"demo-{Guid.NewGuid():N}";
        var database = await TestEnvironment.CreateIsolatedDatabaseAsync();
        await using (var first = await StartDemoApiAsync(subject, database))
        {
            using var client = await ClientAsync(first, subject);
            await CompleteEachAsync(client, await TasksAsync(client));
        }

        await using var second = await StartDemoApiAsync(subject, database);
        using var again = await ClientAsync(second, subject);
        var tasks = await TasksAsync(again);

        Assert.That(
            tasks.Select(task => (string?)task["status"]),
            Has.All.EqualTo("pending"),
            "reset to the fresh emulator"
        );
        await CompleteEachAsync(again, tasks);
    }

    /// <summary>The demo speaks Process Plan's published v4 API, the default dialect.</summary>
    [Test]
    public async Task DemoProcessStep_CompletesThroughV4Respond_AndIsNotReopenable()
    {
        var subject = $"demo-{Guid.NewGuid():N}";
        await using var api = await StartDemoApiAsync(subject);
        using var client = await ClientAsync(api, subject);
        var plan = (await TasksAsync(client)).Single(task =>
            ((string)task["externalId"]!).EndsWith(".plan", StringComparison.Ordinal)
        );

        await CompleteEachAsync(client, [plan]);
        var reopen = (await client.PostAsync($"/api/tasks/{plan["id"]}/reopen", null)).Headers.Location!.ToString();
        var refused = await SyncJobProbe.WaitForStatusAsync(client, reopen, "failed", TimeSpan.FromSeconds(5));
        var responded = (
            await TestEnvironment.Sandbox.RequestsToAsync(
                "processplan",
                "/process_instance_task/onboarding.plan/respond"
            )
        )
            .Where(request => (string?)request["method"] == "POST")
            .ToList();
        var shown = (await TasksAsync(client)).Single(task => (string?)task["id"] == (string?)plan["id"]);

        Assert.That(responded, Is.Not.Empty);
        Assert.That((string?)responded[^1]["headers"]!["tkn_id"], Is.Not.Empty);
        Assert.That(
            (bool?)(await TestEnvironment.Sandbox.GetObjectAsync("processplan", "onboarding/build"))!["done"],
            Is.False,
            "only plan is done"
        );
        Assert.That((string?)refused["error"], Is.EqualTo("Process Plan does not allow reopening a completed step."));
        Assert.That(
            ((bool?)shown["canReopen"], (bool?)shown["canStart"], (string?)shown["status"]),
            Is.EqualTo(((bool?)false, (bool?)false, (string?)"completed"))
        );
    }

    // A database of its own: the suite's API speaks the story's Process Plan dialect and would take the demo's jobs.
    private static async Task<ServiceProcess> StartDemoApiAsync(string subject, string? database = null)
    {
        var api = ServiceProcess.StartApi(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Syntaskio"] = database ?? await TestEnvironment.CreateIsolatedDatabaseAsync(),
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Auth__Issuer"] = SyncApiFactory.Issuer,
                ["Auth__Audience"] = SyncApiFactory.Audience,
                ["Auth__DevSigningKey"] = TestEnvironment.DevSigningKey,
                ["Security__CredentialKey"] = TestEnvironment.CredentialKey,
                ["Demo__SandboxUrl"] = TestEnvironment.Sandbox.BaseUrl.ToString(),
                ["Demo__Subject"] = subject,
            }
        );
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return api;
    }

    private static async Task<HttpClient> ClientAsync(ServiceProcess api, string subject)
    {
        var client = new HttpClient { BaseAddress = api.BaseUrl };
        var token = await (
            await client.PostAsJsonAsync("/dev/token", new { sub = subject })
        ).Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            (string)token!["accessToken"]!
        );
        return client;
    }

    private static async Task<List<JsonObject>> TasksAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(task => task!.AsObject()).ToList();

    // The process's later steps wait for the first one at the vendor, so only the first is completed.
    private static async Task CompleteEachAsync(HttpClient client, IEnumerable<JsonObject> tasks)
    {
        foreach (
            var task in tasks.Where(task =>
                !((string)task["externalId"]!).Contains(".build") && !((string)task["externalId"]!).Contains(".ship")
            )
        )
        {
            (await client.PostAsync($"/api/tasks/{task["id"]}/complete", null)).EnsureSuccessStatusCode();
            await Eventually.ReturnsAsync(
                () => TestEnvironment.Sandbox.GetObjectAsync((string)task["source"]!, (string)task["externalId"]!),
                view => (bool?)view?["done"] == true,
                TimeSpan.FromSeconds(5),
                $"demo {task["kind"]} {task["externalId"]} to be done at the vendor"
            );
        }
    }
}
