using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>The dashboard and the audit log are for support staff only; what support does is audited (issue
/// 7).</summary>
public sealed class SupportAccessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static Task<(Guid SyncJobId, string HangfireJobId)> FailedJobAsync() =>
        SyncJobProbe.FailOneHangfireJobAsync(Deadline);

    [Test]
    public async Task Dashboard_Is401ForAnonymous_And403ForAUserWithoutASupportRole()
    {
        using var anonymous = TestEnvironment.Api.CreateClient();
        using var user = await TestEnvironment.Api.CreateClientAsync("plain-user");

        var page = await anonymous.GetAsync("/hangfire");
        var session = await user.PostAsync("/api/support/session", null);
        var bearerOnDashboard = await user.GetAsync("/hangfire");

        Assert.That(
            (page.StatusCode, session.StatusCode, bearerOnDashboard.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden))
        );
    }

    [Test]
    public async Task Dashboard_ReadOnlyRole_SeesTheFailedJob_ButItsRequeueIsRefusedAndAudited()
    {
        var (syncJobId, hangfireJobId) = await FailedJobAsync();
        using var readOnly = await TestEnvironment.Api.CreateSupportClientAsync("support-viewer", "support-readonly");

        var page = await readOnly.GetStringAsync("/hangfire/jobs/failed");
        var requeue = await readOnly.PostToDashboardAsync(
            "/hangfire/jobs/failed/requeue",
            new FormUrlEncodedContent([new("jobs[]", hangfireJobId)])
        );

        Assert.That(page, Does.Contain($"#{hangfireJobId}"));
        Assert.That(page, Does.Not.Contain("js-jobs-list-command"), "no action buttons in read-only mode");
        Assert.That((int)requeue.StatusCode, Is.GreaterThanOrEqualTo(400));
        Assert.That(
            await DatabaseProbe.ScalarAsync("SELECT status FROM sync_jobs WHERE id = @id", ("id", syncJobId)),
            Is.EqualTo("failed")
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM audit_log WHERE actor = 'support-viewer' AND sync_job_id = @id AND outcome "
                    + "LIKE 'refused%'",
                ("id", syncJobId)
            ),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task Audit_ShowsWhoChangedWhatFromWhere_AndEachAttempt_ToSupportOnly()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{user.Tasks[0].Id}/complete");
        request.Headers.Add("Idempotency-Key", "audit-key-1");
        var location = (await client.SendAsync(request)).Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        using var support = await TestEnvironment.Api.CreateClientAsync("support-auditor", "support");
        using var viewer = await TestEnvironment.Api.CreateClientAsync("support-viewer-2", "support-readonly");

        var trail = await support.GetFromJsonAsync<JsonArray>($"/api/admin/audit?taskId={user.Tasks[0].Id}");
        var byUser = await client.GetAsync($"/api/admin/audit?taskId={user.Tasks[0].Id}");
        var byViewer = await viewer.GetAsync($"/api/admin/audit?taskId={user.Tasks[0].Id}");
        var malformed = await support.GetAsync("/api/admin/audit?taskId=1%27%20OR%201%3D1");

        var change = trail!.Single(entry => (string?)entry!["action"] == "change.complete")!;
        Assert.That(
            (
                (string?)change["actor"],
                (string?)change["fromStatus"],
                (string?)change["toStatus"],
                (string?)change["idempotencyKey"]
            ),
            Is.EqualTo((user.Subject, "pending", "completed", "audit-key-1"))
        );
        Assert.That((string?)change["clientAddress"], Does.Contain("127.0.0.1"));
        Assert.That(
            trail!.Any(entry =>
                (string?)entry!["action"] == "sync.attempt" && (string?)entry["outcome"] == "succeeded"
            ),
            Is.True
        );
        Assert.That(
            (byUser.StatusCode, byViewer.StatusCode, malformed.StatusCode),
            Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest))
        );
    }
}
