using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// Vendor to Syntaskio, seen from the status page: with every user's event stream open, (1) our own writes
/// to To Do tasks, then two poll intervals in which the watcher reads them back (and Graph notifies them): every
/// task.changed among them is an echo; (2) people editing other To Do tasks at the vendor (the emulator's edit
/// route) while Graph's notifications reach the service; (3) more edits after the emulator drops every subscription
/// unannounced, so only the poll finds them. Each edit is timed to its task.changed on the stream.
/// </summary>
public sealed class InboundRun(HttpClient api, HttpClient sandbox, TimeSpan pollInterval)
{
    public async Task<InboundReport> RunAsync(IReadOnlyList<SeededUser> users, int changes, double rate)
    {
        var todo = users
            .SelectMany(user =>
                user.Tasks.Where(task => task.Source == "microsoft").Select(task => (user.Sub, Task: task))
            )
            .ToList();
        if (todo.Count < 3 * changes)
            throw new ArgumentException($"{3 * changes} To Do tasks are needed; {todo.Count} were seeded.");
        var tokens = new Dictionary<string, string>();
        foreach (var sub in todo.Select(item => item.Sub).Distinct())
            tokens[sub] = await TokenAsync(sub);
        await using var streams = await EventStreamProbe.OpenAsync(api, tokens.Values);
        // The watcher's first poll of each new connection reads every task and subscribes: let it pass first.
        await Task.Delay(2 * pollInterval);

        var written = new Dictionary<Guid, DateTimeOffset>();
        foreach (var (sub, task) in todo.Take(changes))
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

        var notified = await EditAsync(streams, todo.Skip(changes).Take(changes).Select(each => each.Task), rate);
        (await sandbox.DeleteAsync("/_sandbox/microsoft/subscriptions")).EnsureSuccessStatusCode();
        var polled = await EditAsync(streams, todo.Skip(2 * changes).Take(changes).Select(each => each.Task), rate);
        return new InboundReport(
            confirmed,
            echoes,
            changes,
            Percentiles.Of(polled),
            pollInterval,
            Percentiles.Of(notified)
        );
    }

    private async Task<List<double>> EditAsync(EventStreamProbe streams, IEnumerable<SeededTask> tasks, double rate)
    {
        var edited = new Dictionary<Guid, DateTimeOffset>();
        foreach (var task in tasks)
        {
            edited[task.Id] = DateTimeOffset.UtcNow;
            var edit = $"/_sandbox/objects/microsoft/{Uri.EscapeDataString(task.ExternalId)}/edit";
            (await sandbox.PostAsJsonAsync(edit, new { status = "completed" })).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(1 / rate));
        }
        return await streams.LatenciesAsync(edited, 3 * pollInterval + TimeSpan.FromSeconds(10), "task.changed");
    }

    private async Task<string> TokenAsync(string sub)
    {
        var response = await api.PostAsJsonAsync("/dev/token", new { sub });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }
}

/// <summary>
/// Our writes confirmed and how many came back as vendor changes; people's edits and their lag, by the poll alone and
/// with Graph's notifications.
/// </summary>
public sealed record InboundReport(
    int OwnWrites,
    int Echoes,
    int Edits,
    Percentiles LagMs,
    TimeSpan PollInterval,
    Percentiles NotifiedLagMs
);
