using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.Microsoft;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Expired Microsoft tokens: refreshed once, in single flight, with the rotated refresh token kept.</summary>
public sealed class TokenRefreshTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    private static async Task<MicrosoftCredentials> StoredCredentialsAsync(TestUser user)
    {
        var connection = await TestEnvironment
            .Api.Services.GetRequiredService<ProviderConnectionRepository>()
            .FindAsync(user.UserId, "microsoft", CancellationToken.None);
        return MicrosoftCredentials.Parse(connection!.CredentialsJson);
    }

    [Test]
    public async Task ExpiredAccessToken_IsRefreshedWithinTheAttempt_AndTheRotatedTokensAreStored()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 2);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.ExpireAccessTokenAsync(user.AccessToken);

        var first = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            first.Headers.Location!.ToString(),
            "completed",
            Deadline
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1), "refresh and retry at once, within the same attempt");
        var stored = await StoredCredentialsAsync(user);
        Assert.That(stored.AccessToken, Is.Not.EqualTo(user.AccessToken));
        Assert.That(stored.RefreshToken, Is.Not.EqualTo(user.RefreshToken));
        Assert.That(stored.ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow));

        await Sandbox.ExpireAccessTokenAsync(stored.AccessToken);
        var second = await client.PostAsync($"/api/tasks/{user.Tasks[1].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, second.Headers.Location!.ToString(), "completed", Deadline);
    }

    [Test]
    public async Task TokenAboutToExpire_IsRefreshedBeforeTheCall_SoNoGraphCallMeetsA401()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        var soon = new MicrosoftCredentials(user.AccessToken, user.RefreshToken, DateTimeOffset.UtcNow.AddMinutes(1));
        await TestEnvironment
            .Api.Services.GetRequiredService<ProviderConnectionRepository>()
            .SaveAsync(
                user.UserId,
                "microsoft",
                Sandbox.GraphBaseUrl,
                soon.ToJson(),
                soon.ExpiresAt!.Value.UtcDateTime,
                CancellationToken.None
            );
        await Sandbox.ExpireAccessTokenAsync(user.AccessToken);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        await SyncJobProbe.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "completed", Deadline);
        var graphCalls = (await Sandbox.RequestsToAsync("microsoft", user.ListId)).Count;
        Assert.That(graphCalls, Is.EqualTo(2), "read, write: none was spent on the expired token");
        Assert.That((await StoredCredentialsAsync(user)).AccessToken, Is.Not.EqualTo(user.AccessToken));
    }

    [Test]
    public async Task RevokedRefreshToken_FailsForGood_AskingTheUserToReconnect()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.ExpireAccessTokenAsync(user.AccessToken);
        await Sandbox.RevokeRefreshTokenAsync(user.RefreshToken);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        Assert.That(
            (string?)job["error"],
            Does.Contain("invalid_grant").And.Contain("reconnect your Microsoft account")
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task FreshlyRefreshedToken_RefusedAgain_FailsForGood_WithoutRetrying()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 401, count: 2);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        Assert.That(
            (string?)job["error"],
            Does.Contain("freshly refreshed").And.Contain("reconnect your Microsoft account")
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1), "not retried five times");
    }

    [Test]
    public async Task ConcurrentJobs_RefreshTheTokenOnce()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 6);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.ExpireAccessTokenAsync(user.AccessToken);

        var responses = await Task.WhenAll(
            user.Tasks.Select(task => client.PostAsync($"/api/tasks/{task.Id}/complete", null))
        );

        foreach (var response in responses)
            await SyncJobProbe.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "completed", Deadline);
        var refreshes = (await Sandbox.GetRequestsAsync("microsoft")).Count(request =>
            ((string)request!["path"]!).StartsWith("/login/") && ((string)request["body"]!).Contains(user.RefreshToken)
        );
        Assert.That(refreshes, Is.EqualTo(1));
    }
}
