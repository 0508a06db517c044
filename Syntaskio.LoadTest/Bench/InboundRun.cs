using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// Vendor to Syntaskio (issue 15), seen from the status page: with every user's event stream open, (1) our own writes
/// to To Do tasks, then two poll intervals in which the watcher reads them back: every task.changed among them is
/// an echo; (2) people editing other To Do tasks at the vendor (the emulator's edit route), from each edit to its
/// task.changed on the stream.
/// </summary>
public sealed class InboundRun(HttpClient api, HttpClient sandbox, TimeSpan pollInterval)
{
    public async Task<InboundReport> RunAsync(IReadOnlyList<SeededUser> users, int changes, double rate)
    {
        var todo = users
            .SelectMany(user => user.Tasks.Where(task => task.Source == "microsoft")
                .Select(task => (user.Sub, Task: task)))
            .ToList();
        if (todo.Count < 2 * changes)
            throw new ArgumentException($"{2 * changes} To Do tasks are needed; {todo.Count} were seeded.");
        var tokens = new Dictionary<string, string>();
        foreach (var sub in todo.Select(item => item.Sub).Distinct()) tokens[sub] = await TokenAsync(sub);
        await using var streams = await EventStreamProbe.OpenAsync(api, tokens.Values);
        // The watcher's first poll of each new connection reads every task: let it pass first.
        await Task.Delay(2 * pollInterval);

        var ours = todo.Take(changes).ToList();
        var written = new Dictionary<Guid, DateTimeOffset>();
        foreach (var (sub, task) in ours)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task.Id}/complete");
            request.Headers.Authorization = new("Bearer", tokens[sub]);
            (await api.SendAsync(request)).EnsureSuccessStatusCode();
            written[task.Id] = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(1 / rate));
        }
        var confirmed = (await streams.LatenciesAsync(written, TimeSpan.FromSeconds(60))).Count;
        await Task.Delay(2 * pollInterval);
        var echoes = streams.Count("task.changed");

        var edited = new Dictionary<Guid, DateTimeOffset>();
        foreach (var (_, task) in todo.Skip(changes).Take(changes))
        {
            edited[task.Id] = DateTimeOffset.UtcNow;
            var edit = $"/_sandbox/objects/microsoft/{Uri.EscapeDataString(task.ExternalId)}/edit";
            (await sandbox.PostAsJsonAsync(edit, new { status = "completed" })).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(1 / rate));
        }
        var lags = await streams.LatenciesAsync(edited, 3 * pollInterval + TimeSpan.FromSeconds(10), "task.changed");
        return new InboundReport(confirmed, echoes, edited.Count, Percentiles.Of(lags), pollInterval);
    }

    private async Task<string> TokenAsync(string sub)
    {
        var response = await api.PostAsJsonAsync("/dev/token", new { sub });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }
}

/// <summary>Our writes confirmed and how many came back as vendor changes; people's edits and their lag.</summary>
public sealed record InboundReport(int OwnWrites, int Echoes, int Edits, Percentiles LagMs, TimeSpan PollInterval);
