namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// Tells this process's <see cref="DueJobScheduler"/> that a job was scheduled here, and when it comes due, so the
/// scheduler can sleep until the earliest due job instead of polling on a beat. The announcement is made while
/// Hangfire's transaction is still open, so the scheduler wakes no sooner than <see cref="CommitGrace"/> after it (a
/// look inside that moment would not see the job, or would meet its lock and wait out the storage's one-second lock
/// retry), and once more <see cref="CommitGrace"/> later in case the commit took longer.
/// </summary>
public sealed class ScheduleWakeUps(TimeProvider time)
{
    /// <summary>Longer than Hangfire takes to commit a state change once its filters have run.</summary>
    public static readonly TimeSpan CommitGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The least time between two looks at a schedule whose earliest job is already due: one the last look could not
    /// move (another process held Hangfire's scheduler lock) must not make this process spin.
    /// </summary>
    public static readonly TimeSpan RepeatPause = TimeSpan.FromMilliseconds(250);

    private readonly Lock gate = new();
    private readonly SemaphoreSlim announced = new(0, 1);

    // Kept apart: when the two shared one slot, a job announced while a follow-up look was pending (and due after
    // it) was forgotten with that look, and stranded if it had not committed when the look read the schedule.
    private DateTime? earliestAnnounced;
    private DateTime? followUp;

    /// <summary>A job was scheduled in this process, to be moved to the queue at <paramref name="dueAt"/>.</summary>
    public void Announce(DateTime dueAt)
    {
        lock (gate)
        {
            var committed = time.GetUtcNow().UtcDateTime + CommitGrace;
            var at = dueAt > committed ? dueAt : committed;
            if (earliestAnnounced is null || at < earliestAnnounced)
                earliestAnnounced = at;
        }
        if (announced.CurrentCount == 0)
        {
            try
            {
                announced.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another announcement got there first; one wake-up covers both.
            }
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="nextDue"/> (the earliest job in the schedule, or null for none) or an announced
    /// due time, whichever comes first.
    /// </summary>
    public void WaitUntil(DateTime? nextDue, CancellationToken cancellationToken)
    {
        var notBefore = time.GetUtcNow().UtcDateTime + RepeatPause;
        if (nextDue < notBefore)
            nextDue = notBefore;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            DateTime? wake;
            lock (gate)
            {
                if (earliestAnnounced <= now)
                {
                    (earliestAnnounced, followUp) = (null, now + CommitGrace);
                    return;
                }
                if (followUp <= now)
                {
                    followUp = null;
                    return;
                }
                wake = Earliest(Earliest(earliestAnnounced, followUp), nextDue);
            }
            if (wake <= now)
                return;
            var timeout = wake is { } at ? at - now : Timeout.InfiniteTimeSpan;
            try
            {
                announced.Wait(timeout, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static DateTime? Earliest(DateTime? one, DateTime? other) =>
        one is null ? other
        : other is null ? one
        : one < other ? one
        : other;
}
