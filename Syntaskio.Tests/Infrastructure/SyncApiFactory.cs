using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// The real API (with its Hangfire server unless turned off) on a loopback port, configured for the test database.
/// </summary>
public sealed class SyncApiFactory : WebApplicationFactory<Program>
{
    public const string Issuer = "https://syntaskio.test/auth";
    public const string Audience = "syntaskio-tests";
    private readonly string connectionString;
    private readonly string environment;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    /// <param name="services">Changes to the host's services after the API's own (a test's exporter).</param>
    public SyncApiFactory(
        string connectionString,
        string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null
    )
    {
        this.connectionString = connectionString;
        this.environment = environment;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.services = services;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Syntaskio", connectionString);
        builder.UseSetting("Security:CredentialKey", TestEnvironment.CredentialKey);
        builder.UseSetting("Auth:Issuer", Issuer);
        builder.UseSetting("Auth:Audience", Audience);
        if (environment == "Development")
            builder.UseSetting("Auth:DevSigningKey", TestEnvironment.DevSigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Sync:CircuitBreaker:FailureThreshold", "3");
        builder.UseSetting("Sync:CircuitBreaker:OpenDuration", "00:00:02");
        builder.UseSetting("Providers:Microsoft:RequestTimeout", "00:00:02");
        builder.UseSetting(
            "Providers:Microsoft:TokenEndpoint",
            new Uri(TestEnvironment.Sandbox.BaseUrl, "/login/common/oauth2/v2.0/token").ToString()
        );
        builder.UseSetting(
            "Providers:Microsoft:AuthorizeEndpoint",
            new Uri(TestEnvironment.Sandbox.BaseUrl, "/login/common/oauth2/v2.0/authorize").ToString()
        );
        builder.UseSetting("Providers:Microsoft:GraphBaseUrl", TestEnvironment.Sandbox.GraphBaseUrl.ToString());
        builder.UseSetting("Providers:Microsoft:ClientId", "syntaskio-tests");
        builder.UseSetting("Providers:Microsoft:ClientSecret", "test-client-secret");
        // The suite's Process Plan tests speak the story's dialect; ProcessPlanV4ClientTests and the demo test speak
        // v4.
        builder.UseSetting("Providers:ProcessPlan:Api", "story");
        // Event streams are tested on their main path, the NOTIFY: the fallback poll is too slow to hide a miss.
        builder.UseSetting("Sync:Events:FallbackPollInterval", "00:10:00");
        // So are the queue (each enqueue's NOTIFY) and the schedule (DueJobScheduler): a retry or a job left to the
        // fallback polls would come minutes late. NotifiedJobQueueTests and DueJobSchedulerTests test those polls.
        builder.UseSetting("Sync:Workers:QueuePollInterval", "00:05:00");
        builder.UseSetting("Sync:Workers:SchedulePollingInterval", "00:05:00");
        // Vendor watching polls the emulator; InboundSyncTests switch it on in processes of their own.
        builder.UseSetting("Sync:Inbound:Enabled", "false");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureServices(services);
    }

    /// <summary>A client that carries a dev token for <paramref name="subject"/>, as the frontend would.</summary>
    public async Task<HttpClient> CreateClientAsync(string subject, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await DevTokenAsync(subject, roles)
        );
        return client;
    }

    public async Task<string> DevTokenAsync(string subject, params string[] roles)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/dev/token", new { sub = subject, roles });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    /// <summary>
    /// Support staff with a dashboard session: a token with <paramref name="role"/> exchanged for the dashboard
    /// cookie, which this client (it keeps cookies) sends from then on.
    /// </summary>
    public async Task<HttpClient> CreateSupportClientAsync(string subject, string role = "support")
    {
        var client = await CreateClientAsync(subject, role);
        (await client.PostAsync("/api/support/session", null)).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>
    /// After a host of a test's own is disposed: Hangfire logs through one process-wide provider, set by the last host
    /// that started, so the suite's host takes it back from the logger factory that is gone.
    /// </summary>
    public static void GiveHangfireLogsBackToTheSuite() =>
        GlobalConfiguration.Configuration.UseLogProvider(
            new AspNetCoreLogProvider(TestEnvironment.Api.Services.GetRequiredService<ILoggerFactory>())
        );

    private sealed record TokenBody(string AccessToken);
}
