using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Every /api route refuses a missing or bad bearer token with 401, found from the app's own routes.
/// </summary>
public sealed class AuthenticationTests
{
    private static byte[] DevKey => Convert.FromBase64String(TestEnvironment.DevSigningKey);

    private static IEnumerable<(string Method, string Path)> ApiRoutes()
    {
        var routes = TestEnvironment
            .Api.Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            // Only the OAuth callback is anonymous by design (the browser brings no token); ConnectionsApiTests covers
            // it.
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null);
        foreach (var endpoint in routes)
        {
            var path = endpoint
                .RoutePattern.RawText!.Replace("{taskId}", Guid.NewGuid().ToString())
                .Replace("{id}", Guid.NewGuid().ToString())
                .Replace("{subject}", "someone")
                .Replace("{provider}", "microsoft");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                yield return (method, path);
        }
    }

    private static string Unsigned(string signed)
    {
        static string Encode(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{signed.Split('.')[1]}.";
    }

    private static IEnumerable<(string Name, string? Token)> BadTokens()
    {
        var good = TestTokens.Create("auth-probe", DevKey);
        yield return ("none", null);
        yield return (
            "expired beyond the 1 minute skew",
            TestTokens.Create("auth-probe", DevKey, expires: DateTime.UtcNow.AddMinutes(-2))
        );
        yield return ("wrongly signed", TestTokens.Create("auth-probe", RandomNumberGenerator.GetBytes(32)));
        yield return ("wrong audience", TestTokens.Create("auth-probe", DevKey, audience: "someone-else"));
        yield return ("wrong issuer", TestTokens.Create("auth-probe", DevKey, issuer: "https://evil.example/auth"));
        yield return ("alg none", Unsigned(good));
        yield return ("garbage", "not.a.jwt");
    }

    [Test]
    public async Task EveryApiRoute_Is401_WithoutAValidToken()
    {
        using var client = TestEnvironment.Api.CreateClient();
        var routes = ApiRoutes().ToList();
        var failures = new List<string>();

        foreach (var (name, token) in BadTokens())
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (token is not null)
                request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                failures.Add($"{method} {path} with {name} token: {(int)response.StatusCode}");
        }

        Assert.That(routes, Has.Count.GreaterThanOrEqualTo(12), "the routes were found");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Token_IsAccepted_WithinTheOneMinuteClockSkew()
    {
        using var client = TestEnvironment.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new(
            "Bearer",
            TestTokens.Create("skew-probe", DevKey, expires: DateTime.UtcNow.AddSeconds(-30))
        );

        var response = await client.GetAsync("/api/tasks");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
