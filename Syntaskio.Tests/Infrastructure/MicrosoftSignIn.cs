using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// Connecting Microsoft as a person's browser does it: the authorize URL, then every redirect followed.
/// </summary>
public static class MicrosoftSignIn
{
    /// <summary>Where the browser lands at the end (the status page, with what happened in its query).</summary>
    public static async Task<Uri> SignInAsync(HttpClient client, string loginHint)
    {
        using var browser = Browser();
        var landed = await browser.GetAsync(await AuthorizeUrlAsync(client, loginHint));
        return landed.RequestMessage!.RequestUri!;
    }

    public static async Task<string> AuthorizeUrlAsync(HttpClient client, string loginHint)
    {
        var authorize = await client.PostAsJsonAsync("/api/connections/microsoft/authorize", new { loginHint });
        authorize.EnsureSuccessStatusCode();
        return (string)(await authorize.Content.ReadFromJsonAsync<JsonObject>())!["authorizeUrl"]!;
    }

    /// <summary>A browser on the suite's API: no bearer token, follows redirects, to other hosts too.</summary>
    public static HttpClient Browser()
    {
        using var api = TestEnvironment.Api.CreateClient();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }) { BaseAddress = api.BaseAddress };
    }

    /// <summary>A task in a named mailbox, reachable by whoever signs in as it.</summary>
    public static async Task SeedAsync(string mailbox, string listId, string taskId, string status = "notStarted") =>
        (
            await TestEnvironment.Sandbox.Control.PostAsJsonAsync(
                "/_sandbox/objects/microsoft",
                new
                {
                    mailbox,
                    listId,
                    taskId,
                    title = $"Task {taskId}",
                    status,
                }
            )
        ).EnsureSuccessStatusCode();
}
