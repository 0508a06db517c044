using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>A dump of our tables and Hangfire's shows no provider token in clear.</summary>
public sealed class SecretsAtRestTests
{
    [Test]
    public async Task DatabaseDump_ContainsNoAccessToken_AfterASync()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var accepted = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await Functional.SyncJobProbe.WaitForStatusAsync(
            client,
            accepted.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(5)
        );

        string[] tables =
        [
            "public.provider_connections",
            "public.tasks",
            "public.sync_jobs",
            "public.sync_attempts",
            "public.users",
            "hangfire.job",
            "hangfire.jobparameter",
            "hangfire.state",
            "hangfire.hash",
            "hangfire.set",
            "hangfire.list",
        ];
        foreach (var table in tables)
        {
            var leaks = await DatabaseProbe.CountAsync(
                $"SELECT COUNT(*) FROM {table} t WHERE convert_from(convert_to(row_to_json(t)::text, 'UTF8'), "
                    + $"'UTF8') LIKE '%' || @token || '%'",
                ("token", user.AccessToken)
            );
            Assert.That(leaks, Is.Zero, $"{table} holds the access token in clear");
        }
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM provider_connections WHERE user_id = @id",
                ("id", user.UserId)
            ),
            Is.EqualTo(1)
        );
    }
}
