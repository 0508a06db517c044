using Hangfire.Server;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// Moves scheduled jobs (retries, deferrals) to the queue when they come due, with Hangfire's own
/// <see cref="DelayedJobScheduler"/>, but run when the earliest one is due or a new one is announced
/// (<see cref="ScheduleWakeUps"/>) instead of on a fixed beat: an idle process reads nothing. Hangfire's scheduler
/// still polls every <c>Sync:Workers:SchedulePollingInterval</c> as the fallback, for jobs scheduled by a process
/// that died before moving them.
/// </summary>
public sealed class DueJobScheduler(HangfireScheduleRepository schedule, ScheduleWakeUps wakeUps) : IBackgroundProcess
{
    private readonly DelayedJobScheduler mover = new(TimeSpan.Zero);

    public void Execute(BackgroundProcessContext context)
    {
        mover.Execute(context);
        wakeUps.WaitUntil(schedule.NextDueAt(), context.StoppingToken);
    }

    public override string ToString() => nameof(DueJobScheduler);
}
