using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A connection the vendor stops accepting: flagged, announced, not called, and healed by reconnecting.
/// </summary>
public sealed class ConnectionHealthTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RevokedGrant_NeedsReconnect_StopsCalls_AndReconnectingPlusBulkRetryLandsEveryDeadLetter()
    {
        var subject = $"health-{Guid.NewGuid():N}";
        var (mailbox, listId) = ($"{subject}@contoso.test", $"list-{subject}");
        await MicrosoftSignIn.SeedAsync(mailbox, listId, "t1");
        await MicrosoftSignIn.SeedAsync(mailbox, listId, "t2");
        using var client = await TestEnvironment.Api.CreateClientAsync(subject);
        await MicrosoftSignIn.SignInAsync(client, mailbox);
        using var service = await TestEnvironment.Api.CreateClientAsync("task-service", "sync-intake");
        (
            await service.PutAsJsonAsync(
                $"/api/intake/users/{subject}/tasks",
                new
                {
                    tasks = new[] { "t1", "t2" }.Select(id => new
                    {
                        source = "microsoft",
                        kind = "todo_task",
                        externalId = $"{listId}/{id}",
                        title = id,
                        status = "pending",
                        vendorStatus = "notStarted",
                    }),
                }
            )
        ).EnsureSuccessStatusCode();
        var tasks = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!
            .Select(task => (string)task!["id"]!)
            .ToList();
        var stored = await StoredAsync(subject);
        await TestEnvironment.Sandbox.ExpireAccessTokenAsync(stored.AccessToken);
        await TestEnvironment.Sandbox.RevokeRefreshTokenAsync(stored.RefreshToken!);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Deadline);

        var first = (await client.PostAsync($"/api/tasks/{tasks[0]}/complete", null)).Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, first, "failed", Deadline);
        var announced = await stream.ReadUntilAsync(
            e => e.Type == "connection.needs_reconnect",
            TimeSpan.FromSeconds(1)
        );
        var listed = (await client.GetFromJsonAsync<JsonArray>("/api/connections"))![0]!;
        var callsBefore = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", listId)).Count;
        var second = (await client.PostAsync($"/api/tasks/{tasks[1]}/complete", null)).Headers.Location!.ToString();
        var secondJob = await SyncJobProbe.WaitForStatusAsync(client, second, "failed", Deadline);
        var callsAfter = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", listId)).Count;

        await MicrosoftSignIn.SignInAsync(client, mailbox);
        var retried = await (
            await client.PostAsJsonAsync("/api/sync/jobs/retry", new { provider = "microsoft", status = "failed" })
        ).Content.ReadFromJsonAsync<JsonObject>();

        Assert.That((string?)announced[^1].Data["provider"], Is.EqualTo("microsoft"));
        Assert.That((string?)listed["status"], Is.EqualTo("needs_reconnect"));
        Assert.That((string?)listed["lastError"], Does.Contain("invalid_grant"));
        Assert.That((string?)secondJob["error"], Does.Contain("connect your account again"));
        Assert.That(callsAfter, Is.EqualTo(callsBefore), "no vendor call while the connection needs reconnecting");
        Assert.That((int)retried!["requeued"]!, Is.EqualTo(2));
        await SyncJobProbe.WaitForStatusAsync(client, first, "completed", Deadline);
        await SyncJobProbe.WaitForStatusAsync(client, second, "completed", Deadline);
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/connections"))![0]!["status"],
            Is.EqualTo("connected")
        );
    }

    private static async Task<MicrosoftCredentials> StoredAsync(string subject)
    {
        var services = TestEnvironment.Api.Services;
        var userId = await services
            .GetRequiredService<UserRepository>()
            .EnsureAsync(subject, null, CancellationToken.None);
        var connection = await services
            .GetRequiredService<ProviderConnectionRepository>()
            .FindAsync(userId, "microsoft", CancellationToken.None);
        return MicrosoftCredentials.Parse(connection!.CredentialsJson);
    }
}
