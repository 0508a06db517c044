using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>A server-sent events reader over real HTTP, as a browser's EventSource reads the stream.</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private EventStreamClient(HttpResponseMessage response, StreamReader reader) =>
        (this.response, this.reader) = (response, reader);

    public static async Task<EventStreamClient> OpenAsync(
        HttpClient client,
        string path = "/api/sync/events",
        long? lastEventId = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"The event stream answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null,
                response.StatusCode
            );
        return new EventStreamClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>
    /// The next event other than heartbeats, or an exception when none comes within <paramref name="timeout"/>.
    /// </summary>
    public async Task<StreamEvent> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = await ReadEventAsync(deadline.Token);
            if (next.Type != "heartbeat")
                return next;
        }
    }

    /// <summary>Events up to and including the first that <paramref name="last"/> matches.</summary>
    public async Task<List<StreamEvent>> ReadUntilAsync(Func<StreamEvent, bool> last, TimeSpan timeout)
    {
        var events = new List<StreamEvent>();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            StreamEvent next;
            try
            {
                next = await ReadEventAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No awaited event within {timeout.TotalMilliseconds:0} ms; read: "
                        + string.Join(", ", events.Select(e => $"{e.Type} {e.Data.ToJsonString()}"))
                );
            }
            if (next.Type == "heartbeat")
                continue;
            events.Add(next);
            if (last(next))
                return events;
        }
    }

    private async Task<StreamEvent> ReadEventAsync(CancellationToken cancellationToken)
    {
        string? id = null,
            type = null,
            data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken)
                ?? throw new EndOfStreamException("The server closed the event stream.");
            if (line.Length == 0)
            {
                if (data is not null)
                    return new StreamEvent(
                        id is null ? null : long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
                        type ?? "message",
                        JsonNode.Parse(data)!
                    );
                continue;
            }
            var colon = line.IndexOf(':');
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}

public sealed record StreamEvent(long? Id, string Type, JsonNode Data)
{
    public string? TaskId => (string?)Data["taskId"];
}
