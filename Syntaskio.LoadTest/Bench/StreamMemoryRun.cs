using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// What an open event stream costs the API: 1,000 streams of 100 people (each at its limit of 10) opened at once, and
/// the API process's resident memory before and after, per stream.
/// </summary>
public sealed class StreamMemoryRun(HttpClient api, Func<double?> residentMb)
{
    public const int People = 100;
    public const int StreamsEach = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public async Task<StreamMemoryReport> RunAsync(IReadOnlyList<SeededUser> users)
    {
        var tokens = new List<string>();
        foreach (var user in users.Take(People))
        {
            var response = await api.PostAsJsonAsync("/dev/token", new { sub = user.Sub });
            response.EnsureSuccessStatusCode();
            var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
            tokens.AddRange(Enumerable.Repeat(token, StreamsEach));
        }
        await Task.Delay(Settle);
        var before = residentMb();
        await using var streams = await EventStreamProbe.OpenAsync(api, tokens);
        await Task.Delay(Settle);
        var after = residentMb();
        return new StreamMemoryReport(tokens.Count, before, after);
    }
}

/// <summary>The API's resident memory before and after opening <see cref="Streams"/> event streams.</summary>
public sealed record StreamMemoryReport(int Streams, double? BeforeMb, double? AfterMb)
{
    public double? KbPerStream =>
        BeforeMb is { } before && AfterMb is { } after ? (after - before) * 1024 / Streams : null;
}
