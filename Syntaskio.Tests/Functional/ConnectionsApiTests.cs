using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// People connect their own accounts, and the task service hands their tasks in: nothing written by hand.
/// </summary>
public sealed class ConnectionsApiTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Test]
    public async Task NewUser_ConnectsMicrosoft_HasATaskHandedIn_AndCompletesItAtTheVendor()
    {
        var subject = $"new-{Guid.NewGuid():N}";
        var mailbox = $"{subject}@contoso.test";
        using var client = await TestEnvironment.Api.CreateClientAsync(subject);
        await MicrosoftSignIn.SeedAsync(mailbox, $"list-{subject}", "t1");

        var landing = await MicrosoftSignIn.SignInAsync(client, mailbox);
        var connections = await client.GetFromJsonAsync<JsonArray>("/api/connections");
        using var service = await TestEnvironment.Api.CreateClientAsync("task-service", "sync-intake");
        (
            await service.PutAsJsonAsync(
                $"/api/intake/users/{subject}/tasks",
                new
                {
                    email = mailbox,
                    tasks = new[]
                    {
                        new
                        {
                            source = "microsoft",
                            kind = "todo_task",
                            externalId = $"list-{subject}/t1",
                            title = "Write the plan",
                            status = "pending",
                            vendorStatus = "notStarted",
                        },
                    },
                }
            )
        ).EnsureSuccessStatusCode();
        var task = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!;
        (await client.PostAsync($"/api/tasks/{task["id"]}/complete", null)).EnsureSuccessStatusCode();

        Assert.That(landing.PathAndQuery, Is.EqualTo("/?connected=microsoft"));
        Assert.That(
            connections!.Select(c => ((string?)c!["provider"], (string?)c["status"], (string?)c["account"])),
            Is.EqualTo(new[] { ((string?)"microsoft", (string?)"connected", (string?)mailbox) })
        );
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.GetObjectAsync("microsoft", $"list-{subject}/t1"),
            view => (string?)view?["status"] == "completed",
            Deadline,
            "the task to be completed in To Do"
        );
    }

    [Test]
    public async Task Callback_EndsOnTheStatusPageWithAReadableError_AndStoresNothing_WhenRefusedOrReused()
    {
        var subject = $"refused-{Guid.NewGuid():N}";
        using var client = await TestEnvironment.Api.CreateClientAsync(subject);
        using var browser = MicrosoftSignIn.Browser();
        var state = StateOf(await MicrosoftSignIn.AuthorizeUrlAsync(client, "x@contoso.test"));

        var denied = await browser.GetAsync(
            $"/api/connections/microsoft/callback?error=access_denied&error_description=The+user+declined&state={state}"
        );
        var reused = await browser.GetAsync($"/api/connections/microsoft/callback?code=anything&state={state}");
        var badCode = await SignInWithCodeAsync(client, browser, "not-a-code");

        Assert.That(
            Uri.UnescapeDataString(denied.RequestMessage!.RequestUri!.Query),
            Does.Contain("The user declined")
        );
        Assert.That(
            Uri.UnescapeDataString(reused.RequestMessage!.RequestUri!.Query),
            Does.Contain("already used or has expired")
        );
        Assert.That(Uri.UnescapeDataString(badCode.Query), Does.Contain("invalid_grant"));
        Assert.That(await client.GetFromJsonAsync<JsonArray>("/api/connections"), Is.Empty);
    }

    [Test]
    public async Task ConnectWise_StoresKeysThatReadSystemInfo_RefusesOthersWith400_AndSyncsAHandedInTicket()
    {
        var subject = $"cw-{Guid.NewGuid():N}";
        using var client = await TestEnvironment.Api.CreateClientAsync(subject);
        var world = await ConnectWiseWorld.SeedAsync(TestEnvironment.Sandbox);
        var keys = world.Credentials;
        var site = new Uri(TestEnvironment.Sandbox.BaseUrl, "/connectwise").ToString();

        var refused = await client.PutAsJsonAsync(
            "/api/connections/connectwise",
            new
            {
                site,
                keys.CompanyId,
                keys.PublicKey,
                privateKey = "wrong",
                keys.ClientId,
            }
        );
        var stored = await DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM provider_connections c JOIN users u ON u.id = c.user_id WHERE u.external_id = "
                + "@subject",
            ("subject", subject)
        );
        var accepted = await client.PutAsJsonAsync(
            "/api/connections/connectwise",
            new
            {
                site,
                keys.CompanyId,
                keys.PublicKey,
                keys.PrivateKey,
                keys.ClientId,
            }
        );
        var listed = await client.GetFromJsonAsync<JsonArray>("/api/connections");
        using var service = await TestEnvironment.Api.CreateClientAsync("task-service", "sync-intake");
        (
            await service.PutAsJsonAsync(
                $"/api/intake/users/{subject}/tasks",
                new
                {
                    tasks = new[]
                    {
                        new
                        {
                            source = "connectwise",
                            kind = "service_ticket",
                            externalId = $"{world.ServiceTicket}",
                            title = "Printer on fire",
                            status = "pending",
                            vendorStatus = "In Progress",
                        },
                    },
                }
            )
        ).EnsureSuccessStatusCode();
        var ticket = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!;
        (await client.PostAsync($"/api/tasks/{ticket["id"]}/complete", null)).EnsureSuccessStatusCode();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(
            (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"],
            Is.EqualTo("ConnectWise refused these keys")
        );
        Assert.That(stored, Is.Zero, "refused keys store nothing");
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)listed![0]!["account"], Does.Contain($"company {keys.CompanyId}"));
        Assert.That(await accepted.Content.ReadAsStringAsync(), Does.Not.Contain(keys.PrivateKey));
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.GetObjectAsync("connectwise", $"{world.ServiceTicket}"),
            view => (bool?)view?["done"] == true,
            Deadline,
            "the ticket to be closed in ConnectWise"
        );
    }

    /// <summary>
    /// On an API process of its own: the suite's API speaks the story's Process Plan dialect, which has no list to
    /// read.
    /// </summary>
    [Test]
    public async Task ProcessPlan_StoresATokenThatReadsTheTemplates_RefusesOthersWith400_AndSyncsAHandedInStep()
    {
        var world = await ProcessPlanWorld.SeedAsync(TestEnvironment.Sandbox);
        await using var api = ServiceProcess.StartApi(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Syntaskio"] = await TestEnvironment.CreateIsolatedDatabaseAsync(),
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Auth__Issuer"] = SyncApiFactory.Issuer,
                ["Auth__Audience"] = SyncApiFactory.Audience,
                ["Auth__DevSigningKey"] = TestEnvironment.DevSigningKey,
                ["Security__CredentialKey"] = TestEnvironment.CredentialKey,
            }
        );
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = api.BaseUrl };
        var token = await (
            await client.PostAsJsonAsync("/dev/token", new { sub = "pp-owner" })
        ).Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            (string)token!["accessToken"]!
        );
        var baseUrl = new Uri(TestEnvironment.Sandbox.BaseUrl, "/processplan").ToString();

        var refused = await client.PutAsJsonAsync(
            "/api/connections/processplan",
            new { apiToken = "not-a-token", baseUrl }
        );
        var accepted = await client.PutAsJsonAsync(
            "/api/connections/processplan",
            new { apiToken = world.Credentials.ApiToken, baseUrl }
        );

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(
            (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"],
            Is.EqualTo("Process Plan refused this token")
        );
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        Assert.That(
            (string?)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["account"],
            Does.Contain("1 process templates")
        );
        var step = $"{world.ProcessId}/{world.ProcessId}-template.plan/{world.ProcessId}.plan";
        using var service = new HttpClient { BaseAddress = api.BaseUrl };
        var serviceToken = await (
            await service.PostAsJsonAsync("/dev/token", new { sub = "task-service", roles = new[] { "sync-intake" } })
        ).Content.ReadFromJsonAsync<JsonObject>();
        service.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            (string)serviceToken!["accessToken"]!
        );
        (
            await service.PutAsJsonAsync(
                "/api/intake/users/pp-owner/tasks",
                new
                {
                    tasks = new[]
                    {
                        new
                        {
                            source = "processplan",
                            kind = "process_step",
                            externalId = step,
                            title = "Plan",
                            status = "pending",
                            vendorStatus = "pending",
                        },
                    },
                }
            )
        ).EnsureSuccessStatusCode();
        var task = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!;
        (await client.PostAsync($"/api/tasks/{task["id"]}/complete", null)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.GetObjectAsync("processplan", $"{world.ProcessId}/plan"),
            view => (bool?)view?["done"] == true,
            Deadline,
            "the step to be done in Process Plan"
        );
    }

    [Test]
    public async Task Disconnect_DeletesTheCredentials_AndFailsWaitingSyncsAsDisconnected()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 5);
        var location = (
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        await Eventually.ReturnsAsync(
            () => SyncJobProbe.GetAsync(client, location),
            job => (int)job["attempts"]! >= 1,
            TimeSpan.FromSeconds(15),
            "a retry"
        );

        var deleted = await client.DeleteAsync("/api/connections/microsoft");
        var job = await SyncJobProbe.WaitForStatusAsync(client, location, "failed", TimeSpan.FromSeconds(15));
        var again = await client.DeleteAsync("/api/connections/microsoft");

        Assert.That(
            (deleted.StatusCode, again.StatusCode),
            Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NotFound))
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM provider_connections WHERE user_id = @user",
                ("user", user.UserId)
            ),
            Is.Zero
        );
        Assert.That((string?)job["error"], Does.Contain("not connected"));
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"],
            Is.EqualTo("pending")
        );
        await TestEnvironment.Sandbox.ClearFaultsAsync();
    }

    /// <summary>A fresh state answered with a code the identity platform never issued.</summary>
    private static async Task<Uri> SignInWithCodeAsync(HttpClient client, HttpClient browser, string code)
    {
        var state = StateOf(await MicrosoftSignIn.AuthorizeUrlAsync(client, "x@contoso.test"));
        var landed = await browser.GetAsync($"/api/connections/microsoft/callback?code={code}&state={state}");
        return landed.RequestMessage!.RequestUri!;
    }

    private static string StateOf(string authorizeUrl) =>
        new Uri(authorizeUrl)
            .Query.TrimStart('?')
            .Split('&')
            .Single(pair => pair.StartsWith("state=", StringComparison.Ordinal))
            .Split('=')[1];
}
