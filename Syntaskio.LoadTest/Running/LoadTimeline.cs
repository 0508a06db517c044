namespace Syntaskio.LoadTest.Running;

/// <summary>
/// A run second by second from its first change: changes sent and changes landed at the vendor in each second.
/// </summary>
public sealed record LoadTimeline(DateTimeOffset Start, int[] Sent, int[] Landed)
{
    public static LoadTimeline? Of(IReadOnlyList<DateTimeOffset> sent, IReadOnlyList<DateTimeOffset> landed)
    {
        if (sent.Count == 0)
            return null;
        var start = sent.Min();
        var end = landed.Count > 0 ? new[] { sent.Max(), landed.Max() }.Max() : sent.Max();
        var seconds = (int)Math.Ceiling((end - start).TotalSeconds) + 1;
        return new LoadTimeline(start, PerSecond(sent, start, seconds), PerSecond(landed, start, seconds));
    }

    /// <summary>Sent but not yet landed at the end of each second.</summary>
    public int[] Backlog()
    {
        var backlog = new int[Sent.Length];
        var open = 0;
        for (var second = 0; second < Sent.Length; second++)
            backlog[second] = open += Sent[second] - Landed[second];
        return backlog;
    }

    private static int[] PerSecond(IReadOnlyList<DateTimeOffset> moments, DateTimeOffset start, int seconds)
    {
        var counts = new int[seconds];
        foreach (var moment in moments)
            counts[Math.Clamp((int)(moment - start).TotalSeconds, 0, seconds - 1)]++;
        return counts;
    }
}
