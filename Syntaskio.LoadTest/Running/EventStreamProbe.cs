using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Syntaskio.LoadTest.Running;

/// <summary>
/// Where a person watching the status page stands: one event stream per user (GET /api/sync/events), recording when
/// each task's first event of each type arrives. Against the time each change was sent (sync.completed) or made at
/// the vendor (task.changed), that is the live-status latency.
/// </summary>
public sealed class EventStreamProbe : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Type, Guid TaskId), DateTimeOffset> arrivedAt = new();
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> readers = [];

    public static async Task<EventStreamProbe> OpenAsync(HttpClient api, IEnumerable<string> tokens)
    {
        var probe = new EventStreamProbe();
        var ready = new List<Task>();
        foreach (var token in tokens)
        {
            var opened = new TaskCompletionSource();
            ready.Add(opened.Task);
            probe.readers.Add(Task.Run(() => probe.ReadAsync(api, token, opened)));
        }
        await Task.WhenAll(ready).WaitAsync(TimeSpan.FromSeconds(30));
        return probe;
    }

    /// <summary>
    /// Milliseconds from each change's sending to its event of <paramref name="type"/>, for those that arrived.
    /// </summary>
    public async Task<List<double>> LatenciesAsync(
        IReadOnlyDictionary<Guid, DateTimeOffset> sent,
        TimeSpan settle,
        string type = "sync.completed"
    )
    {
        var deadline = DateTimeOffset.UtcNow + settle;
        while (sent.Keys.Any(id => !arrivedAt.ContainsKey((type, id))) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(100);
        return sent.Where(change => arrivedAt.ContainsKey((type, change.Key)))
            .Select(change => (arrivedAt[(type, change.Key)] - change.Value).TotalMilliseconds)
            .ToList();
    }

    /// <summary>How many events of <paramref name="type"/> the streams have carried so far.</summary>
    public int Count(string type) => counts.GetValueOrDefault(type);

    private async Task ReadAsync(HttpClient api, string token, TaskCompletionSource opened)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sync/events");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            string? type = null;
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var at = DateTimeOffset.UtcNow;
                if (line.StartsWith("event:", StringComparison.Ordinal))
                    type = line[6..].Trim();
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                    continue;
                if (type == "ready")
                    opened.TrySetResult();
                if (type is null or "ready" or "heartbeat")
                    continue;
                counts.AddOrUpdate(type, 1, (_, count) => count + 1);
                if ((string?)JsonNode.Parse(line[5..])?["taskId"] is { } taskId)
                    arrivedAt.TryAdd((type, Guid.Parse(taskId)), at);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The probe was closed.
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            opened.TrySetException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        stop.Dispose();
    }
}
