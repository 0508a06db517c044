using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// /openapi/v1.json is a contract a frontend can generate from: walked operation by operation, so a route
/// added without its summary, description or problem answers fails here.
/// </summary>
public sealed class OpenApiContractTests
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];
    private static readonly string[] AnonymousApiRoutes = ["/api/connections/microsoft/callback"];

    [Test]
    public async Task OpenApi_DescribesEveryOperation_WithItsSecurityAndProblemAnswers()
    {
        using var client = TestEnvironment.Api.CreateClient();

        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.That(((string?)scheme["type"], (string?)scheme["scheme"]), Is.EqualTo(("http", "bearer")));
        var gaps = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(method => item![method] is not null))
                gaps.AddRange(GapsOf($"{method.ToUpperInvariant()} {path}", path, item![method]!.AsObject()));
        }
        Assert.That(gaps, Is.Empty);
    }

    [Test]
    public async Task OpenApi_DeclaresTheRateLimit_OnEveryChangeRoute()
    {
        using var client = TestEnvironment.Api.CreateClient();

        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var complete = document["paths"]!["/api/tasks/{taskId}/complete"]!["post"]!["responses"]!.AsObject();
        Assert.That(
            complete.Select(response => response.Key),
            Is.SupersetOf(new[] { "202", "400", "401", "404", "422", "429", "503" })
        );
    }

    [Test]
    public async Task Docs_ServesTheInteractiveReference_InDevelopment()
    {
        using var client = TestEnvironment.Api.CreateClient();

        using var response = await client.GetAsync("/docs");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    private static IEnumerable<string> GapsOf(string name, string path, JsonObject operation)
    {
        if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
            yield return $"{name}: no summary";
        if (string.IsNullOrWhiteSpace((string?)operation["description"]))
            yield return $"{name}: no description";
        var responses = operation["responses"]!.AsObject();
        foreach (var (status, response) in responses.Where(each => int.Parse(each.Key) >= 400))
        {
            if (response!["content"]?["application/problem+json"] is null)
                yield return $"{name}: {status} is not problem details";
        }
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || AnonymousApiRoutes.Contains(path))
            yield break;
        if (operation["security"]?.AsArray().Any(requirement => requirement!["Bearer"] is not null) != true)
            yield return $"{name}: no bearer security requirement";
        foreach (var status in new[] { "401", "503" }.Where(status => !responses.ContainsKey(status)))
            yield return $"{name}: no {status}";
    }
}
