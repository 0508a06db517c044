using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// A board's statuses change rarely, and every write and every ticket read needs them: caching them per site and
/// board saves a call per sync. Entries expire so a renamed status is picked up.
/// </summary>
public sealed class ConnectWiseBoardStatusCache(TimeProvider time, IOptions<ConnectWiseOptions> options)
{
    private readonly ConcurrentDictionary<(string Site, int BoardId), Entry> entries = new();

    internal async Task<IReadOnlyList<CwBoardStatus>> GetAsync(
        string site,
        int boardId,
        Func<Task<IReadOnlyList<CwBoardStatus>>> load
    )
    {
        var key = (site, boardId);
        var now = time.GetUtcNow();
        if (entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
            return cached.Statuses;
        var statuses = await load();
        entries[key] = new Entry(statuses, now + options.Value.BoardStatusCacheDuration);
        return statuses;
    }

    private sealed record Entry(IReadOnlyList<CwBoardStatus> Statuses, DateTimeOffset ExpiresAt);
}
