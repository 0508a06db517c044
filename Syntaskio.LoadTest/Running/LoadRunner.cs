using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Running;

/// <summary>
/// Open model: changes are sent on schedule whether or not earlier ones have finished, one per task, so each
/// task's end-to-end latency is exactly the emulator's time of its write minus the time the change was sent.
/// </summary>
public sealed class LoadRunner(HttpClient api, HttpClient sandbox, TextWriter progress, DatabaseWorkMeter? meter = null)
{
    /// <param name="watchEvents">
    /// Also hold each user's event stream open and measure POST to sync.completed there.
    /// </param>
    public async Task<LoadReport> RunAsync(
        IReadOnlyList<SeededUser> users,
        double rate,
        TimeSpan duration,
        TimeSpan settle,
        CancellationToken cancellationToken,
        bool watchEvents = false
    )
    {
        var changes = (int)Math.Round(rate * duration.TotalSeconds);
        // Users take turns, as real traffic from many people does. One user's changes back to back would meet that
        // user's own provider limits (600 ConnectWise and Process Plan syncs a minute per connection): the first
        // soak capped at exactly 10/s per provider that way.
        var work = users
            .SelectMany(user => user.Tasks.Select((task, turn) => (Turn: turn, user.Sub, Task: task)))
            .OrderBy(item => item.Turn)
            .Select(item => (item.Sub, task: item.Task))
            .Take(changes)
            .ToList();
        if (work.Count < changes)
            throw new ArgumentException($"{changes} changes need as many tasks; only {work.Count} were seeded.");
        var tokens = new Dictionary<string, string>();
        foreach (var sub in work.Select(item => item.Sub).Distinct())
            tokens[sub] = await TokenAsync(sub, cancellationToken);
        await using var streams = watchEvents ? await EventStreamProbe.OpenAsync(api, tokens.Values) : null;
        var counting = meter is null ? null : await meter.StartAsync();

        var sent = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var accepts = new ConcurrentBag<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        for (var i = 0; i < work.Count; i++)
        {
            // Read the clock once: read twice, the wait could turn negative in between (a soak step died of that).
            var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            var (sub, task) = work[i];
            inFlight.Add(
                Task.Run(
                    async () =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task.Id}/complete");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[sub]);
                        var started = Stopwatch.GetTimestamp();
                        sent[task.Id] = DateTimeOffset.UtcNow;
                        try
                        {
                            using var response = await api.SendAsync(request, cancellationToken);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                                accepts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            else
                                Interlocked.Increment(ref errors);
                        }
                        catch (HttpRequestException)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    },
                    cancellationToken
                )
            );
            if (i % Math.Max(1, (int)rate) == 0)
                progress.Write($"\rsent {i + 1}/{work.Count}, accepted {accepts.Count}, errors {errors}   ");
        }
        await Task.WhenAll(inFlight);
        var sendSeconds = clock.Elapsed.TotalSeconds;

        var endToEnd = await WaitForVendorAsync(
            work.Select(item => item.task).ToList(),
            sent,
            settle,
            cancellationToken
        );
        var cost = counting is null ? null : await counting.StopAsync(endToEnd.Count);
        progress.WriteLine(
            $"\rsent {work.Count}, accepted {accepts.Count}, confirmed {endToEnd.Count}, errors {errors}   "
        );
        var lastConfirmed = endToEnd.Count > 0 ? endToEnd.Max(sample => sample.ConfirmedAt) : DateTimeOffset.UtcNow;
        // Confirmed/s over the span from the first landing to the last: a vendor's own latency delays both ends alike
        // and so does not count against the rate (measured from the first send, 300 ms vendor calls alone made a
        // 10 s step at 25/s read 23.6/s); a backlog that drains late still does.
        var firstConfirmed = endToEnd.Count > 0 ? endToEnd.Min(sample => sample.ConfirmedAt) : lastConfirmed;
        var window = Math.Max(sendSeconds, (lastConfirmed - firstConfirmed).TotalSeconds);
        var events = streams is null
            ? null
            : Percentiles.Of(await streams.LatenciesAsync(sent, TimeSpan.FromSeconds(10)));
        return new LoadReport(
            rate,
            duration.TotalSeconds,
            work.Count,
            accepts.Count,
            endToEnd.Count,
            errors + work.Count - endToEnd.Count,
            Percentiles.Of(accepts),
            Percentiles.Of(endToEnd.Select(sample => sample.Ms)),
            endToEnd.Count / window,
            null,
            lastConfirmed,
            events,
            cost,
            endToEnd
                .GroupBy(sample => sample.Source)
                .ToDictionary(group => group.Key, group => Percentiles.Of(group.Select(sample => sample.Ms))),
            LoadTimeline.Of(sent.Values.ToList(), endToEnd.Select(sample => sample.ConfirmedAt).ToList())
        );
    }

    private async Task<string> TokenAsync(string sub, CancellationToken cancellationToken)
    {
        var response = await api.PostAsJsonAsync("/dev/token", new { sub }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["accessToken"]!;
    }

    // Several reads at once: after a long run thousands of tasks are checked, and one at a time a single pass
    // could outlast the settle time (the first soak lost 2,396 of 15,000 confirmations to that, not to the service).
    private async Task<List<(double Ms, DateTimeOffset ConfirmedAt, string Source)>> WaitForVendorAsync(
        List<SeededTask> tasks,
        ConcurrentDictionary<Guid, DateTimeOffset> sent,
        TimeSpan settle,
        CancellationToken cancellationToken
    )
    {
        var confirmed = new ConcurrentDictionary<Guid, (double, DateTimeOffset, string)>();
        var deadline = DateTimeOffset.UtcNow + settle;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        while (confirmed.Count < tasks.Count && DateTimeOffset.UtcNow < deadline)
        {
            var open = tasks.Where(task => !confirmed.ContainsKey(task.Id) && sent.ContainsKey(task.Id));
            await Parallel.ForEachAsync(open, parallel, async (task, token) =>
            {
                var view = await sandbox.GetFromJsonAsync<JsonObject>(
                    $"/_sandbox/objects/{task.Source}/{Uri.EscapeDataString(task.ExternalId)}",
                    token
                );
                if ((bool?)view?["done"] == true && view["lastWriteAt"] is { } landed)
                    confirmed[task.Id] = (
                        ((DateTimeOffset)landed - sent[task.Id]).TotalMilliseconds,
                        (DateTimeOffset)landed,
                        task.Source
                    );
            });
            if (confirmed.Count < tasks.Count)
                await Task.Delay(200, cancellationToken);
        }
        return confirmed.Values.ToList();
    }
}
