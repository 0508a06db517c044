using System.Diagnostics;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Storage;
using Moq;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.UnitTests;

public sealed class TraceContextFilterTests
{
    // A tracer listening to the attempts' source, as AddSyncTracing makes one when tracing is on.
    private ActivityListener tracer = null!;

    [SetUp]
    public void StartTracing()
    {
        tracer = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SyncTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(tracer);
    }

    [TearDown]
    public void StopTracing() => tracer.Dispose();

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

    [Test]
    public void OnCreating_StoresNothing_WhenNobodyTraces()
    {
        tracer.Dispose();
        using var request = new Activity("POST complete").SetIdFormat(ActivityIdFormat.W3C).Start();
        var context = CreatingContext(out _);

        new TraceContextFilter().OnCreating(context);

        Assert.That(context.Parameters.ContainsKey(TraceContextFilter.TraceParent), Is.False);
    }

    private static CreatingContext CreatingContext(out Job job)
    {
        job = Job.FromExpression<SyncTaskJob>(sync => sync.RunAsync(Guid.NewGuid(), CancellationToken.None));
        var create = new CreateContext(new Mock<JobStorage>().Object, new Mock<IStorageConnection>().Object, job, null);
        return new CreatingContext(create);
    }
}
