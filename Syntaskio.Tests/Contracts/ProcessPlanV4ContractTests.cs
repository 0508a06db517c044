using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// The emulator's v4 routes answer with exactly the field names Process Plan's public clients read (Pipedream's
/// processplan component); the client's own requests are held to them in ProcessPlanV4ClientTests.
/// </summary>
public sealed class ProcessPlanV4ContractTests
{
    private static async Task<JsonObject> GetAsync(string token, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/processplan/api/v4/{route}");
        request.Headers.Add("tkn_id", token);
        var response = await TestEnvironment.Sandbox.Control.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static IEnumerable<string> Fields(JsonObject body, string list) =>
        body[list]!.AsArray()[0]!.AsObject().Select(field => field.Key);

    [Test]
    public async Task V4Lists_UseTheVendorsFieldNames()
    {
        var world = await ProcessPlanWorld.SeedAsync(TestEnvironment.Sandbox);
        var token = world.Credentials.ApiToken;
        var template = $"{world.ProcessId}-template";

        var templates = await GetAsync(token, "process_template_header/list");
        var instances = await GetAsync(token, "process_instance_header/list");
        var ofTemplate = await GetAsync(token, $"process_template_header/{template}/process_instance_header/list");
        var templateTasks = await GetAsync(token, $"process_template_header/{template}/process_template_task/list");
        var pending = await GetAsync(
            token,
            $"process_template_task/{template}.plan/process_instance_task/list/pending"
        );

        Assert.That(Fields(templates, "process_template_header_list"), Is.EquivalentTo(new[] { "th_id", "th_name" }));
        Assert.That(
            Fields(instances, "process_instance_header_list"),
            Is.EquivalentTo(new[] { "ih_id", "ih_instance_description", "ih_th_obj" })
        );
        Assert.That(
            ofTemplate["process_instance_header_list"]![0]!["ih_th_obj"]!.AsObject().Select(field => field.Key),
            Does.Contain("th_name")
        );
        Assert.That(Fields(templateTasks, "process_template_task_list"), Is.EquivalentTo(new[] { "tt_id", "tt_name" }));
        Assert.That(
            Fields(pending, "process_instance_task_list"),
            Is.EquivalentTo(new[] { "it_id", "it_ih_id", "it_instance_description", "it_th_obj" })
        );
    }

    [Test]
    public async Task V4Routes_RefuseARequestWithoutTknId()
    {
        var response = await TestEnvironment.Sandbox.Control.GetAsync(
            "/processplan/api/v4/process_template_header/list"
        );

        Assert.That((int)response.StatusCode, Is.EqualTo(401));
    }
}
