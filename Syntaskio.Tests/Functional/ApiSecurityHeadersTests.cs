using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>API answers are never sniffed or cached; HSTS is Production's (ProductionHostTests).</summary>
public sealed class ApiSecurityHeadersTests
{
    [Test]
    public async Task ApiAnswers_AreNotSniffedOrStored_WhetherTheyHoldDataOrRefuse()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        using var anonymous = TestEnvironment.Api.CreateClient();

        var tasks = await client.GetAsync("/api/tasks");
        var refused = await anonymous.GetAsync("/api/tasks");

        foreach (var answer in new[] { tasks, refused })
        {
            Assert.That(answer.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(answer.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(answer.Headers.Contains("Strict-Transport-Security"), Is.False, "no HSTS in Development");
        }
    }
}
