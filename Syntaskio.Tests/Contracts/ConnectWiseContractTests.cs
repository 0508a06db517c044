using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Functional;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// The ConnectWise emulator's answers and the client's requests held to ConnectWise's own description of the routes
/// this service calls (ConnectWiseSpec): every field an answer carries is in the schema with its type, no required
/// field is missing, and every request the client sends is one of the spec's paths with the spec's query
/// parameters, its PATCH bodies lists of PatchOperation; every answer is in the description's media type
/// (application/vnd.connectwise.com+json; version=2022.1, which the emulator answered as application/json before).
/// </summary>
public sealed class ConnectWiseContractTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task EveryAnswerOfTheEmulator_CarriesOnlyTheSpecsFields_WithTheirTypes()
    {
        var world = await ConnectWiseWorld.SeedAsync(TestEnvironment.Sandbox);
        using var vendor = Client(world);
        var callback = await vendor.PostAsJsonAsync(
            "system/callbacks",
            new
            {
                url = "http://127.0.0.1:1/cb?recordId=",
                objectId = 1,
                type = "ticket",
                level = "owner",
            }
        );
        var created = (await callback.Content.ReadFromJsonAsync<JsonObject>())!;
        var callbackId = (int)created["id"]!;
        var answers = new (string Route, string Schema)[]
        {
            ($"service/tickets/{world.ServiceTicket}", "Ticket"),
            ($"project/tickets/{world.ProjectTicket}", "ProjectTicket"),
            ($"service/tickets/{world.ServiceTicket}/tasks/{world.ServiceTicketTask}", "TicketTask"),
            ($"project/tickets/{world.ProjectTicket}/tasks/{world.ProjectTicketTask}", "TicketTask"),
            ($"service/boards/{world.ServiceBoard}/statuses", "BoardStatus[]"),
            ("service/tickets?conditions=lastUpdated>[2020-01-01T00:00:00Z]&pageSize=1000", "Ticket[]"),
            ("project/tickets?conditions=lastUpdated>[2020-01-01T00:00:00Z]&pageSize=1000", "ProjectTicket[]"),
            ($"system/callbacks/{callbackId}", "CallbackEntry"),
            ("system/info", "Info"),
        };

        var problems = new List<string>();
        foreach (var (route, schema) in answers)
        {
            using var response = await vendor.GetAsync(route);
            var mediaType = response.Content.Headers.ContentType?.ToString() ?? "none";
            if (!ConnectWiseSpec.Instance.MediaTypes.Contains(mediaType))
                problems.Add($"{route}: answered {mediaType}, not a media type of the description");
            var answer = await response.Content.ReadFromJsonAsync<JsonNode>();
            var items = schema.EndsWith("[]") ? answer!.AsArray().ToList() : [answer];
            Assert.That(items, Is.Not.Empty, route);
            foreach (var (item, i) in items.Select((item, i) => (item, i)))
                problems.AddRange(ConnectWiseSpec.Instance.Check(schema.TrimEnd('[', ']'), item, $"{route} [{i}]"));
        }
        problems.AddRange(ConnectWiseSpec.Instance.Check("CallbackEntry", created, "POST system/callbacks"));

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task EveryRequestOfTheClient_IsASpecRouteWithItsQueryParameters_AndPatchOperations()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var since = DateTimeOffset.UtcNow;
        foreach (var kind in new[] { "service_ticket", "project_ticket", "service_ticket_task", "project_ticket_task" })
        {
            var task = user.Tasks[kind];
            foreach (var action in new[] { "complete", "reopen" })
            {
                var accepted = await client.PostAsync($"/api/tasks/{task.Id}/{action}", null);
                await SyncJobProbe.WaitForStatusAsync(
                    client,
                    accepted.Headers.Location!.ToString(),
                    "completed",
                    Deadline
                );
            }
        }

        var requests = (await TestEnvironment.Sandbox.GetRequestsAsync("connectwise"))
            .Select(request => request!.AsObject())
            .Where(request => SandboxServer.ReceivedAt(request) > since)
            .Where(request => (string?)request["headers"]?["clientId"] == user.ConnectWise.Credentials.ClientId)
            .ToList();
        var problems = requests.SelectMany(Problems).ToList();

        Assert.That(requests.Select(request => (string?)request["method"]), Does.Contain("PATCH").And.Contain("GET"));
        Assert.That(problems, Is.Empty);
    }

    private static IEnumerable<string> Problems(JsonObject request)
    {
        var method = (string)request["method"]!;
        var path = ((string)request["path"]!)[ApiBase.Length..];
        var described = $"{method} {path}{request["query"]}";
        if (ConnectWiseSpec.Instance.OperationOf(method, path) is not { } operation)
        {
            yield return $"{described}: not a route of the spec";
            yield break;
        }
        var query = System.Web.HttpUtility.ParseQueryString((string?)request["query"] ?? "");
        foreach (var name in query.AllKeys.Where(name => name is not null))
            if (!ConnectWiseSpec.Instance.Queries[operation].Contains(name!))
                yield return $"{described}: {name} is not a query parameter of {operation}";
        if (method == "PATCH" && !IsPatchOperations((string?)request["body"]))
            yield return $"{described}: the body is not a list of PatchOperation ({request["body"]})";
    }

    // The description types PatchOperation.value as an object ({ [key: string]: unknown }), the generator's
    // rendering of Swagger's untyped "object"; JSON Patch (RFC 6902) values are any JSON value, and ConnectWise's own
    // examples replace a boolean field with a boolean. So value may be any JSON here: the difference is the spec's.
    private static bool IsPatchOperations(string? body) =>
        body is not null
        && JsonNode.Parse(body) is JsonArray operations
        && operations.All(operation =>
            operation is JsonObject fields
            && fields.All(field => ConnectWiseSpec.Instance.Schemas["PatchOperation"].ContainsKey(field.Key))
            && fields["op"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && fields["path"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
        );

    private const string ApiBase = "/connectwise/v4_6_release/apis/3.0/";

    private static HttpClient Client(ConnectWiseWorld world)
    {
        var credentials = world.Credentials;
        var client = new HttpClient { BaseAddress = TestEnvironment.Sandbox.ConnectWiseBaseUrl };
        var basic = $"{credentials.CompanyId}+{credentials.PublicKey}:{credentials.PrivateKey}";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(basic))
        );
        client.DefaultRequestHeaders.Add("clientId", credentials.ClientId);
        return client;
    }
}
