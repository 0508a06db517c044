using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Retry timing measured where the vendor stands: the emulator's request journal. No call comes before the story's
/// delay or the vendor's Retry-After (counted from the failed call), and none more than 250 ms after it.
/// </summary>
public sealed class RetryTimingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task Retry_ComesOneSecondAfterA503_NeverEarlier()
    {
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
            users.Add(await TestUsers.CreateWithTodoTasksAsync());
        foreach (var user in users)
        {
            await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1);
            using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
            (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        }

        var gaps = new List<TimeSpan>();
        foreach (var user in users)
            gaps.AddRange(await GapsAsync(user.ListId, calls: 2));

        TestContext.Out.WriteLine($"gaps after a 503: {Describe(gaps)}");
        Assert.That(
            gaps,
            Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
                .And.All.LessThanOrEqualTo(TimeSpan.FromSeconds(1) + Tolerance)
        );
    }

    [Test]
    public async Task Retries_FollowTheStoryBackoff_OneTwoFourSeconds()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 3);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();

        var gaps = await GapsAsync(user.ListId, calls: 4);

        TestContext.Out.WriteLine($"gaps: {Describe(gaps)}");
        var expected = new[] { 1, 2, 4 }.Select(seconds => TimeSpan.FromSeconds(seconds)).ToList();
        for (var i = 0; i < expected.Count; i++)
            Assert.That(gaps[i], Is.InRange(expected[i], expected[i] + Tolerance), $"gap {i + 1}");
    }

    [Test]
    public async Task RetryAfter_HoldsEveryCallOnTheConnection_NotOnlyTheJobThatGotIt()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(2);
        var (first, second) = (user.Tasks[0].ExternalId.Split('/')[1], user.Tasks[1].ExternalId.Split('/')[1]);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", first, 429, count: 1, retryAfterSeconds: 2);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        var throttled = (
            await Eventually.ReturnsAsync(() => CallsAsync(first), calls => calls.Count >= 1, Deadline, "the 429")
        )[0];

        (await client.PostAsync($"/api/tasks/{user.Tasks[1].Id}/complete", null)).EnsureSuccessStatusCode();
        var retried = (
            await Eventually.ReturnsAsync(() => CallsAsync(first), calls => calls.Count >= 2, Deadline, "the retry")
        )[1];
        var other = (
            await Eventually.ReturnsAsync(
                () => CallsAsync(second),
                calls => calls.Count >= 1,
                Deadline,
                "the other task's call"
            )
        )[0];

        var hold = TimeSpan.FromSeconds(2);
        TestContext.Out.WriteLine(
            $"retry after {(retried - throttled).TotalMilliseconds:0} ms, other task after "
                + $"{(other - throttled).TotalMilliseconds:0} ms"
        );
        Assert.That(retried - throttled, Is.InRange(hold, hold + Tolerance));
        Assert.That(
            other - throttled,
            Is.GreaterThanOrEqualTo(hold),
            "the other task waited for the connection's hold"
        );
    }

    /// <summary>
    /// The gaps between the first <paramref name="calls"/> requests whose path contains <paramref name="match"/>.
    /// </summary>
    private static async Task<List<TimeSpan>> GapsAsync(string match, int calls)
    {
        var times = await Eventually.ReturnsAsync(
            () => CallsAsync(match),
            found => found.Count >= calls,
            Deadline,
            $"{calls} calls to {match}"
        );
        return times.Take(calls).Zip(times.Skip(1).Take(calls - 1), (before, after) => after - before).ToList();
    }

    private static async Task<List<DateTimeOffset>> CallsAsync(string match) =>
        (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", match)).Select(SandboxServer.ReceivedAt).ToList();

    private static string Describe(IEnumerable<TimeSpan> gaps) =>
        string.Join(", ", gaps.Select(gap => $"{gap.TotalMilliseconds:0} ms"));
}
