using System.Collections.Concurrent;

namespace Syntaskio.Sandbox.Control;

/// <summary>
/// The last requests each vendor received, so tests can hold the client to the vendor's wire format, and how many
/// each received in all (the benchmark's vendor requests per minute).
/// </summary>
public sealed class RequestJournal
{
    private const int Capacity = 1000;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, long> totals = new();

    public IReadOnlyDictionary<string, long> Totals => totals;

    public void Add(RecordedRequest request)
    {
        totals.AddOrUpdate(request.Provider, 1, (_, count) => count + 1);
        requests.Enqueue(request);
        while (requests.Count > Capacity)
            requests.TryDequeue(out _);
    }

    public IEnumerable<RecordedRequest> For(string provider) => requests.Where(request => request.Provider == provider);

    public void Clear() => requests.Clear();
}

public sealed record RecordedRequest(
    string Provider,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt
);
