using System.Diagnostics;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// SIGTERM to a worker process with syncs in flight, measured at the emulator's journal: the process is gone within
/// the slowest vendor call in flight plus 1 s, and with a second worker every change lands with one write each.
/// </summary>
public sealed class WorkerShutdownTests
{
    private static readonly TimeSpan VendorCall = TimeSpan.FromMilliseconds(1500);

    [Test]
    public async Task Sigterm_EndsTheWorkerWithinItsSlowestCallPlusASecond_AndEveryChangeLandsOnce()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(8);
        var worker = deployment.StartWorker();
        await TestEnvironment.Sandbox.AddFaultAsync(
            "microsoft",
            listId,
            0,
            1000,
            latencyMs: (int)VendorCall.TotalMilliseconds
        );
        var jobs = new List<string>();
        foreach (var task in tasks)
            jobs.Add((await client.PostAsync($"/api/tasks/{task.Id}/complete", null)).Headers.Location!.ToString());
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", listId),
            journal => journal.Count >= 4,
            TimeSpan.FromSeconds(30),
            "vendor calls in flight"
        );

        var stopping = Stopwatch.StartNew();
        worker.Terminate();
        var exited = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        stopping.Stop();
        TestContext.Out.WriteLine($"the worker exited {stopping.ElapsedMilliseconds} ms after SIGTERM");
        await TestEnvironment.Sandbox.ClearFaultsAsync();
        deployment.StartWorker();
        foreach (var job in jobs)
            await SyncJobProbe.WaitForStatusAsync(client, job, "completed", TimeSpan.FromSeconds(60));

        Assert.That(exited, Is.True, "the worker exits on SIGTERM");
        Assert.That(stopping.Elapsed, Is.LessThanOrEqualTo(VendorCall + TimeSpan.FromSeconds(1)));
        foreach (var task in tasks)
        {
            var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", task.ExternalId);
            Assert.That(((string?)vendor!["status"], (int)vendor["writes"]!), Is.EqualTo(("completed", 1)));
        }
        client.Dispose();
    }
}
