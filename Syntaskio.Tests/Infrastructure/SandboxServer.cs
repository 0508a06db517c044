using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Sandbox;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>The provider emulator on a free loopback port, with helpers for its /_sandbox control surface.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SandboxServer(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        Control = new HttpClient { BaseAddress = baseUrl };
    }

    public Uri BaseUrl { get; }

    public Uri GraphBaseUrl => new(BaseUrl, "/graph/v1.0");

    public HttpClient Control { get; }

    public static async Task<SandboxServer> StartAsync()
    {
        var app = SandboxApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    public async Task SeedTodoAsync(
        string accessToken,
        string listId,
        string taskId,
        string status = "notStarted",
        string? refreshToken = null
    )
    {
        var response = await Control.PostAsJsonAsync(
            "/_sandbox/objects/microsoft",
            new
            {
                accessToken,
                refreshToken,
                listId,
                taskId,
                title = $"Task {taskId}",
                status,
            }
        );
        response.EnsureSuccessStatusCode();
    }

    public Uri ConnectWiseBaseUrl => new(BaseUrl, "/connectwise/v4_6_release/apis/3.0/");

    public Uri ProcessPlanBaseUrl => new(BaseUrl, "/processplan/api/v1/");

    /// <summary>POST /_sandbox/objects/{provider} with the provider's own seed shape.</summary>
    public async Task SeedAsync(string provider, object body)
    {
        var response = await Control.PostAsJsonAsync($"/_sandbox/objects/{provider}", body);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonObject?> GetObjectAsync(string provider, string externalId)
    {
        var response = await Control.GetAsync($"/_sandbox/objects/{provider}/{Uri.EscapeDataString(externalId)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    public async Task<JsonArray> GetRequestsAsync(string provider) =>
        (await Control.GetFromJsonAsync<JsonArray>($"/_sandbox/requests/{provider}"))!;

    /// <summary>
    /// The vendor requests whose path contains <paramref name="match"/>, in the order they were received.
    /// </summary>
    public async Task<List<JsonObject>> RequestsToAsync(string provider, string match) =>
        (await GetRequestsAsync(provider))
            .Select(request => request!.AsObject())
            .Where(request => ((string)request["path"]!).Contains(match, StringComparison.Ordinal))
            .OrderBy(ReceivedAt)
            .ToList();

    /// <summary>When the emulator received a request of its journal.</summary>
    public static DateTimeOffset ReceivedAt(JsonObject request) =>
        DateTimeOffset.Parse((string)request["receivedAt"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Faults only requests whose path contains <paramref name="match"/>, so a test never spends another's.
    /// </summary>
    public async Task AddFaultAsync(
        string provider,
        string match,
        int status,
        int count,
        int? retryAfterSeconds = null,
        int latencyMs = 0,
        string? method = null,
        bool lostAnswer = false
    )
    {
        var response = await Control.PostAsJsonAsync(
            "/_sandbox/faults",
            new
            {
                provider,
                status,
                count,
                retryAfterSeconds,
                latencyMs,
                match,
                method,
                lostAnswer,
            }
        );
        response.EnsureSuccessStatusCode();
    }

    public async Task ExpireAccessTokenAsync(string accessToken) =>
        (
            await Control.PostAsJsonAsync("/_sandbox/microsoft/tokens/expire", new { accessToken })
        ).EnsureSuccessStatusCode();

    public async Task RevokeRefreshTokenAsync(string refreshToken) =>
        (
            await Control.PostAsJsonAsync("/_sandbox/microsoft/tokens/revoke", new { refreshToken })
        ).EnsureSuccessStatusCode();

    /// <summary>
    /// The provider answers <paramref name="status"/> to every request matching <paramref name="match"/> for a while.
    /// </summary>
    public async Task AddOutageAsync(string provider, string match, int status, TimeSpan duration)
    {
        var response = await Control.PostAsJsonAsync(
            "/_sandbox/faults",
            new
            {
                provider,
                status,
                count = 1,
                match,
                durationMs = (int)duration.TotalMilliseconds,
            }
        );
        response.EnsureSuccessStatusCode();
    }

    public Task ClearFaultsAsync() => Control.DeleteAsync("/_sandbox/faults");

    /// <summary>
    /// A person changes the object's status at the vendor, in the vendor's words (not a write of ours).
    /// </summary>
    public async Task EditAsync(string provider, string externalId, string status) =>
        (
            await Control.PostAsJsonAsync(
                $"/_sandbox/objects/{provider}/{Uri.EscapeDataString(externalId)}/edit",
                new { status }
            )
        ).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
