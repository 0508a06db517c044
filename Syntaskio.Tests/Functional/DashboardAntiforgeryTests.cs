using System.Net;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A dashboard action needs the antiforgery token of the support session that posts it: a forged
/// cross-site POST, which carries the session's cookie but no token, and a token from another session are refused,
/// and each refusal is audited.
/// </summary>
public sealed class DashboardAntiforgeryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static Task<(Guid SyncJobId, string HangfireJobId)> FailedJobAsync() =>
        SyncJobProbe.FailOneHangfireJobAsync(Deadline);

    private static Task<long> RefusalsAsync(string actor, Guid syncJobId) =>
        DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM audit_log WHERE actor = @actor AND sync_job_id = @id AND outcome = 'refused (403)'",
            ("actor", actor),
            ("id", syncJobId)
        );

    [Test]
    public async Task Requeue_IsRefusedAndAudited_WhenACrossSitePostCarriesNoToken()
    {
        var (syncJobId, hangfireJobId) = await FailedJobAsync();
        using var support = await TestEnvironment.Api.CreateSupportClientAsync("support-forged");
        await support.GetStringAsync("/hangfire/jobs/failed");
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/hangfire/jobs/failed/requeue")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", hangfireJobId)]),
        };
        forged.Headers.Add("Origin", "https://attacker.example");

        var answer = await support.SendAsync(forged);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(
            await DatabaseProbe.ScalarAsync("SELECT status FROM sync_jobs WHERE id = @id", ("id", syncJobId)),
            Is.EqualTo("failed")
        );
        Assert.That(await RefusalsAsync("support-forged", syncJobId), Is.EqualTo(1));
    }

    [Test]
    public async Task Requeue_IsRefusedAndAudited_WhenTheTokenIsAnotherSessions()
    {
        var (syncJobId, hangfireJobId) = await FailedJobAsync();
        using var first = await TestEnvironment.Api.CreateSupportClientAsync("support-first");
        using var second = await TestEnvironment.Api.CreateSupportClientAsync("support-second");
        var (header, firstToken) = await DashboardForms.TokenAsync(first);
        await DashboardForms.TokenAsync(second);
        using var borrowed = new HttpRequestMessage(HttpMethod.Post, "/hangfire/jobs/failed/requeue")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", hangfireJobId)]),
        };
        borrowed.Headers.Add(header, firstToken);

        var answer = await second.SendAsync(borrowed);
        var own = await second.PostToDashboardAsync(
            "/hangfire/jobs/failed/requeue",
            new FormUrlEncodedContent([new("jobs[]", hangfireJobId)])
        );

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(own.IsSuccessStatusCode, Is.True, "the session's own token works");
        Assert.That(await RefusalsAsync("support-second", syncJobId), Is.EqualTo(1));
    }
}
