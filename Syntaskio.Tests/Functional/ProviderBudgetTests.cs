using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// ConnectWise's and Process Plan's per-minute budgets (Sync:ProviderLimits:{provider}:SyncsPerMinute) hold at
/// 300 ms a vendor call with the default 150 workers, measured at the emulator's journal. A budget of 6 a minute
/// allows one sync at once and one more every 10 s, so consecutive writes to one connection are 10 s apart.
/// </summary>
public sealed class ProviderBudgetTests
{
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(10);

    // A sync takes its token before its reads, and the first of a ConnectWise company also reads the board's statuses
    // (300 ms a call), so its write comes later after its token than the next one's: 9.6 s apart in one run. A budget
    // overrun would be a whole turn early.
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(1);

    // A deferred sync is moved to the queue when its token is due; a second more covers its read at 300 ms.
    private static readonly TimeSpan LateBy = TimeSpan.FromSeconds(2);

    [Test]
    public async Task ConcurrentSyncsOfOneConnectWiseCompany_WriteOneTurnApart_AtThreeHundredMillisecondsACall()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        deployment.StartWorker(settings: Budget("connectwise"));
        var (client, world, tasks) = await deployment.CreateConnectWiseUserAsync();
        foreach (var ticket in new[] { world.ServiceTicket, world.SecondServiceTicket })
            await TestEnvironment.Sandbox.AddFaultAsync("connectwise", $"tickets/{ticket}", 0, 1000, latencyMs: 300);
        var sent = DateTimeOffset.UtcNow;

        await Task.WhenAll(
            tasks.Select(async task =>
                (await client.PostAsync($"/api/tasks/{task.Id}/complete", null)).EnsureSuccessStatusCode()
            )
        );
        await CompletedAsync(deployment, tasks.Count, TimeSpan.FromSeconds(40));

        var writes = await WritesAsync("connectwise", "tickets/", sent, world.ServiceTicket, world.SecondServiceTicket);
        AssertOneTurnApart(writes, tasks.Count);
        client.Dispose();
    }

    [Test]
    public async Task SyncsOfOneProcessPlanConnection_WriteOneTurnApart_AtThreeHundredMillisecondsACall()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        deployment.StartWorker(settings: Budget("processplan"));
        var (client, world, tasks) = await deployment.CreateProcessPlanUserAsync();
        await TestEnvironment.Sandbox.AddFaultAsync("processplan", world.ProcessId, 0, 1000, latencyMs: 300);
        var sent = DateTimeOffset.UtcNow;

        // "build" follows "plan" in the process, so the second change is sent as soon as the first is confirmed.
        for (var i = 0; i < tasks.Count; i++)
        {
            (await client.PostAsync($"/api/tasks/{tasks[i].Id}/complete", null)).EnsureSuccessStatusCode();
            await CompletedAsync(deployment, i + 1, TimeSpan.FromSeconds(20));
        }

        AssertOneTurnApart(await WritesAsync("processplan", world.ProcessId, sent), tasks.Count);
        client.Dispose();
    }

    private static Dictionary<string, string> Budget(string provider) =>
        new() { [$"Sync__ProviderLimits__{provider}__SyncsPerMinute"] = "6" };

    private static Task<long> CompletedAsync(IsolatedDeployment deployment, int count, TimeSpan deadline) =>
        Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done == count,
            deadline,
            $"{count} syncs completed"
        );

    // The writes (every request but a read) to paths containing the match, and for ConnectWise one of its tickets.
    private static async Task<List<DateTimeOffset>> WritesAsync(
        string provider,
        string match,
        DateTimeOffset after,
        params int[] tickets
    ) =>
        (await TestEnvironment.Sandbox.RequestsToAsync(provider, match))
            .Where(request => (string?)request["method"] != "GET" && SandboxServer.ReceivedAt(request) >= after)
            .Where(request =>
                tickets.Length == 0 || tickets.Any(ticket => ((string)request["path"]!).Contains($"tickets/{ticket}"))
            )
            .Select(SandboxServer.ReceivedAt)
            .Order()
            .ToList();

    private static void AssertOneTurnApart(List<DateTimeOffset> writes, int syncs)
    {
        var gaps = writes.Zip(writes.Skip(1), (first, next) => next - first).ToList();
        TestContext.Out.WriteLine(
            $"{writes.Count} writes, gaps {string.Join(", ", gaps.Select(g => $"{g:s\\.fff} s"))}"
        );
        Assert.That(writes, Has.Count.EqualTo(syncs), "one write a sync");
        Assert.That(gaps, Has.All.GreaterThanOrEqualTo(Turn - Jitter), "within the budget");
        Assert.That(gaps, Has.All.LessThanOrEqualTo(Turn + LateBy), "and no later than its turn");
    }
}
