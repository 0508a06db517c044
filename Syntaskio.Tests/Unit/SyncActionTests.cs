using Syntaskio.Jobs;
using Syntaskio.Providers;

namespace Syntaskio.UnitTests;

public sealed class SyncActionTests
{
    [TestCase(SyncAction.Complete, TargetStatus.Completed, "completed")]
    [TestCase(SyncAction.Reopen, TargetStatus.Pending, "pending")]
    [TestCase(SyncAction.Start, TargetStatus.InProgress, "in_progress")]
    public void Target_MapsActionToTaskStatus(SyncAction action, TargetStatus target, string storedName)
    {
        Assert.That(action.Target(), Is.EqualTo(target));
        Assert.That(action.Target().ToName(), Is.EqualTo(storedName));
        Assert.That(TaskStatusNames.Parse(storedName), Is.EqualTo(target));
    }

    [Test]
    public void Parse_Throws_WhenStatusIsUnknown()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskStatusNames.Parse("done"));
    }
}
