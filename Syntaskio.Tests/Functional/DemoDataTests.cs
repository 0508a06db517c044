using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>What `build.ps1 run` shows a new user: the API in Development seeding the demo user into the emulator.</summary>
public sealed class DemoDataTests
{
    [Test]
    public async Task DemoUser_HasEveryKind_AndEachCompletesAtTheVendor()
    {
        var subject = $"demo-{Guid.NewGuid():N}";
        await using var api = ServiceProcess.StartApi(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__Issuer"] = SyncApiFactory.Issuer,
            ["Auth__Audience"] = SyncApiFactory.Audience,
            ["Auth__DevSigningKey"] = TestEnvironment.DevSigningKey,
            ["Security__CredentialKey"] = TestEnvironment.CredentialKey,
            ["Demo__SandboxUrl"] = TestEnvironment.Sandbox.BaseUrl.ToString(),
            ["Demo__Subject"] = subject,
        });
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = api.BaseUrl };
        var token = await (await client.PostAsJsonAsync("/dev/token", new { sub = subject })).Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["accessToken"]!);

        var tasks = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(task => task!.AsObject()).ToList();

        Assert.That(tasks.Select(task => (string?)task["kind"]).Distinct(), Is.EquivalentTo(new[]
        {
            "todo_task", "service_ticket", "project_ticket", "service_ticket_task", "project_ticket_task", "process_step",
        }));
        foreach (var task in tasks.Where(task => (string?)task["externalId"] != "onboarding/build" && (string?)task["externalId"] != "onboarding/ship"))
        {
            await client.PostAsync($"/api/tasks/{task["id"]}/complete", null);
            await Eventually.ReturnsAsync(
                () => TestEnvironment.Sandbox.GetObjectAsync((string)task["source"]!, (string)task["externalId"]!),
                view => (bool?)view?["done"] == true,
                TimeSpan.FromSeconds(5),
                $"demo {task["kind"]} {task["externalId"]} to be done at the vendor");
        }
    }
}
