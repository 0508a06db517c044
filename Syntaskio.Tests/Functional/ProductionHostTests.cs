using System.Net;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>The API started in Production as its own process: development conveniences are gone and insecure settings
/// stop start-up.</summary>
public sealed class ProductionHostTests
{
    private static Dictionary<string, string> ProductionEnvironment() =>
        new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__Issuer"] = "https://securetoken.google.com/syntaskio-test",
            ["Auth__Audience"] = "syntaskio-test",
            ["Auth__Authority"] = "https://securetoken.google.com/syntaskio-test",
            ["Security__CredentialKey"] = TestEnvironment.CredentialKey,
            ["Sync__Workers__Enabled"] = "false",
        };

    [Test]
    public async Task DevToken_DoesNotExist_InProduction()
    {
        await using var api = ServiceProcess.StartApi(ProductionEnvironment());
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = api.BaseUrl };

        var response = await client.PostAsync(
            "/dev/token",
            new StringContent("""{"sub":"demo"}""", System.Text.Encoding.UTF8, "application/json")
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/docs")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task EveryAnswer_CarriesHsts_InProduction()
    {
        await using var api = ServiceProcess.StartApi(ProductionEnvironment());
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = api.BaseUrl };

        var page = await client.GetAsync("/");
        var refused = await client.GetAsync("/api/tasks");

        Assert.That(
            page.Headers.GetValues("Strict-Transport-Security"),
            Is.EqualTo(new[] { "max-age=31536000; includeSubDomains" })
        );
        Assert.That(refused.Headers.Contains("Strict-Transport-Security"), Is.True, "an error answer too");
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public async Task StartUp_Fails_WhenDevSigningKeyIsSetInProduction()
    {
        var environment = ProductionEnvironment();
        environment["Auth__DevSigningKey"] = TestEnvironment.DevSigningKey;
        await using var api = ServiceProcess.StartApi(environment);

        Assert.That(await api.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.True, "the API should refuse to start");
        Assert.That(api.ExitCode, Is.Not.Zero);
        Assert.That(api.Output, Does.Contain("Auth:DevSigningKey is for Development only"));
    }

    [Test]
    public async Task StartUp_Fails_WhenCredentialKeyIsMissing()
    {
        var environment = ProductionEnvironment();
        environment["Security__CredentialKey"] = "";
        await using var api = ServiceProcess.StartApi(environment);

        Assert.That(await api.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.True, "the API should refuse to start");
        Assert.That(api.Output, Does.Contain("Security:CredentialKey"));
    }
}
