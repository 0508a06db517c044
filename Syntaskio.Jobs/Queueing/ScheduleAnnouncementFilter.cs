using Hangfire.States;
using Hangfire.Storage;

namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// Announces every job that enters Hangfire's Scheduled state in this process (a retry, a deferral) to
/// <see cref="ScheduleWakeUps"/>, with the moment Hangfire may move it to the queue: the start of the second it is
/// scheduled in, as Hangfire scores its schedule in whole seconds.
/// </summary>
public sealed class ScheduleAnnouncementFilter(ScheduleWakeUps wakeUps) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is ScheduledState scheduled)
            wakeUps.Announce(scheduled.EnqueueAt.AddTicks(-(scheduled.EnqueueAt.Ticks % TimeSpan.TicksPerSecond)));
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }
}
