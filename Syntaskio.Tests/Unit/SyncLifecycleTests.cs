using Syntaskio.Jobs.Lifecycle;
using static Syntaskio.Jobs.Lifecycle.SyncState;
using static Syntaskio.Jobs.Lifecycle.SyncTrigger;

namespace Syntaskio.UnitTests;

/// <summary>Every transition of the sync job's state machine, and every refusal, with no database.</summary>
public sealed class SyncLifecycleTests
{
    // The whole machine, written out on its own so a change to SyncLifecycle's table shows here as a failure.
    private static readonly (SyncState From, SyncTrigger Trigger, SyncState To)[] Allowed =
    [
        (New, Requested, SyncState.Pending),
        (SyncState.Pending, Claimed, Processing),
        (Processing, Claimed, Processing),
        (Failed, Claimed, Processing),
        (SyncState.Pending, SyncTrigger.Superseded, SyncState.Superseded),
        (Processing, SyncTrigger.Superseded, SyncState.Superseded),
        (Failed, SyncTrigger.Superseded, SyncState.Superseded),
        (SyncState.Pending, AttemptFailed, SyncState.Pending),
        (Processing, AttemptFailed, Processing),
        (Failed, AttemptFailed, Failed),
        (SyncState.Pending, Confirmed, Completed),
        (Processing, Confirmed, Completed),
        (Failed, Confirmed, Completed),
        (SyncState.Pending, RetryScheduled, SyncState.Pending),
        (Processing, RetryScheduled, SyncState.Pending),
        (Failed, RetryScheduled, SyncState.Pending),
        (SyncState.Pending, FailedForGood, Failed),
        (Processing, FailedForGood, Failed),
        (Failed, FailedForGood, Failed),
        (SyncState.Pending, Deleted, Failed),
        (Processing, Deleted, Failed),
        (Failed, Deleted, Failed),
        (Failed, Requeued, SyncState.Pending),
        (Failed, ConflictResolved, Failed),
        (Completed, Retained, Removed),
        (SyncState.Superseded, Retained, Removed),
        (Failed, Retained, Removed),
    ];

    private static IEnumerable<TestCaseData> AllowedCases() =>
        Allowed.Select(move =>
            new TestCaseData(move.From, move.Trigger, move.To).SetArgDisplayNames(
                $"{move.From} {move.Trigger} -> {move.To}"
            )
        );

    private static IEnumerable<TestCaseData> RefusedCases() =>
        from state in Enum.GetValues<SyncState>()
        from trigger in Enum.GetValues<SyncTrigger>()
        where !Allowed.Any(move => move.From == state && move.Trigger == trigger)
        select new TestCaseData(state, trigger).SetArgDisplayNames($"{state} {trigger}");

    [TestCaseSource(nameof(AllowedCases))]
    public void Apply_MovesTheJob_WhenTheTransitionIsAllowed(SyncState from, SyncTrigger trigger, SyncState to) =>
        Assert.That(SyncLifecycle.Apply(from, trigger), Is.EqualTo(to));

    [TestCaseSource(nameof(RefusedCases))]
    public void Apply_RefusesWithAClearError_WhenTheTransitionIsNotAllowed(SyncState from, SyncTrigger trigger)
    {
        var refusal = Assert.Throws<SyncTransitionRefusedException>(() => SyncLifecycle.Apply(from, trigger))!;

        Assert.That(refusal.State, Is.EqualTo(from));
        Assert.That(refusal.Trigger, Is.EqualTo(trigger));
        Assert.That(refusal.Message, Does.Contain(SyncLifecycle.NameOf(from)).And.Contain(trigger.ToString()));
    }

    [Test]
    public void Transitions_NameEachTriggerOnce_WhenTheTableIsRead() =>
        Assert.That(
            SyncLifecycle.Transitions.Select(transition => transition.Trigger),
            Is.EquivalentTo(Enum.GetValues<SyncTrigger>())
        );

    [Test]
    public void FromNames_AreTheStoredStatuses_WhenASqlGuardAsksForThem()
    {
        Assert.That(SyncLifecycle.FromNames(Requeued), Is.EqualTo(new[] { "failed" }));
        Assert.That(SyncLifecycle.FromNames(Claimed), Is.EqualTo(new[] { "pending", "processing", "failed" }));
        Assert.That(SyncLifecycle.FromNames(Retained), Is.EqualTo(new[] { "completed", "superseded", "failed" }));
    }

    [TestCase("pending", SyncState.Pending)]
    [TestCase("processing", Processing)]
    [TestCase("completed", Completed)]
    [TestCase("failed", Failed)]
    [TestCase("superseded", SyncState.Superseded)]
    public void Parse_ReadsEveryStoredStatus_AndNameOfWritesItBack(string status, SyncState state)
    {
        Assert.That(SyncLifecycle.Parse(status), Is.EqualTo(state));
        Assert.That(SyncLifecycle.NameOf(state), Is.EqualTo(status));
    }

    [Test]
    public void Parse_Refuses_WhenTheStatusIsNotOneWeStore() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyncLifecycle.Parse("retrying"));

    [TestCase(Requested, "sync.pending")]
    [TestCase(Claimed, "sync.processing")]
    [TestCase(Confirmed, "sync.completed")]
    [TestCase(RetryScheduled, "sync.retrying")]
    [TestCase(FailedForGood, "sync.failed")]
    [TestCase(ConflictResolved, "sync.resolved")]
    [TestCase(AttemptFailed, null)]
    public void Of_NamesTheEventATransitionSends(SyncTrigger trigger, string? type) =>
        Assert.That(SyncLifecycle.Of(trigger).Event, Is.EqualTo(type));
}
