using System.Diagnostics;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Storage;
using Moq;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.UnitTests;

public sealed class TraceContextFilterTests
{
    [Test]
    public void OnCreating_StoresTheCurrentTraceAsAJobParameter_NotAnArgument()
    {
        using var request = new Activity("POST complete").SetIdFormat(ActivityIdFormat.W3C).Start();
        var context = CreatingContext(out var job);

        new TraceContextFilter().OnCreating(context);

        Assert.That(context.Parameters[TraceContextFilter.TraceParent], Is.EqualTo(request.Id));
        Assert.That(job.Args, Has.None.EqualTo(request.Id));
    }

    [Test]
    public void OnCreating_StoresNothing_WhenNoTraceIsCurrent()
    {
        Activity.Current = null;
        var context = CreatingContext(out _);

        new TraceContextFilter().OnCreating(context);

        Assert.That(context.Parameters.ContainsKey(TraceContextFilter.TraceParent), Is.False);
    }

    private static CreatingContext CreatingContext(out Job job)
    {
        job = Job.FromExpression<SyncTaskJob>(sync => sync.RunAsync(Guid.NewGuid(), CancellationToken.None));
        var create = new CreateContext(
            new Mock<JobStorage>().Object, new Mock<IStorageConnection>().Object, job, null);
        return new CreatingContext(create);
    }
}
