using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.Holds;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.UnitTests;

/// <summary>
/// RequestTimeoutHandler, behind ConnectionHoldHandler as the clients are built: a request's timeout runs from when
/// it leaves, so a hold waited out in place spends none of it.
/// </summary>
public sealed class RequestTimeoutHandlerTests
{
    private const string Key = "microsoft:1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private ConnectionHoldRegistry holds = null!;
    private Vendor vendor = null!;

    [SetUp]
    public void CreateHolds()
    {
        holds = new ConnectionHoldRegistry(new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), time), time);
        vendor = new Vendor(time);
    }

    [Test]
    public async Task SendAsync_Answers_WhenAHoldAndTheCallTogetherTakeLongerThanTheTimeout()
    {
        holds.Hold(Key, TimeSpan.FromSeconds(1.5));
        vendor.Latency = TimeSpan.FromSeconds(1.5);
        using var client = Client();

        Task<HttpResponseMessage> sent;
        using (VendorCallScope.For(Key))
            sent = client.GetAsync("/tasks/1");
        time.Advance(TimeSpan.FromSeconds(1.5));
        await SentAsync();
        time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.That((await sent).StatusCode, Is.EqualTo(HttpStatusCode.OK), "3 s in all, 1.5 s of it the vendor's");
    }

    [Test]
    public async Task SendAsync_ThrowsATimeout_WhenTheVendorTakesLongerThanTheTimeoutAfterTheHold()
    {
        holds.Hold(Key, TimeSpan.FromSeconds(1));
        vendor.Latency = TimeSpan.FromSeconds(5);
        using var client = Client();

        Task<HttpResponseMessage> sent;
        using (VendorCallScope.For(Key))
            sent = client.PatchAsync("/tasks/1", null);
        time.Advance(TimeSpan.FromSeconds(1));
        await SentAsync();
        time.Advance(Timeout);

        var error = Assert.CatchAsync<TaskCanceledException>(() => sent);
        Assert.That(error!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task SendAsync_ThrowsTheCallersCancellation_NotATimeout_WhenTheCallerCancels()
    {
        vendor.Latency = TimeSpan.FromSeconds(5);
        using var client = Client();
        using var caller = new CancellationTokenSource();

        var sent = client.GetAsync("/tasks/1", caller.Token);
        await SentAsync();
        await caller.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(() => sent);
        Assert.That(error!.InnerException, Is.Not.InstanceOf<TimeoutException>());
    }

    private HttpClient Client() =>
        new(
            new ConnectionHoldHandler(holds, time)
            {
                InnerHandler = new RequestTimeoutHandler(Timeout, time) { InnerHandler = vendor },
            }
        )
        {
            BaseAddress = new Uri("http://vendor.test"),
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    // The request reached the vendor, whose latency now runs on the fake clock.
    private Task SentAsync() =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(vendor.Requests),
            requests => requests == 1,
            TimeSpan.FromSeconds(5),
            "the request sent"
        );

    private sealed class Vendor(TimeProvider time) : HttpMessageHandler
    {
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        public TimeSpan Latency { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Interlocked.Increment(ref requests);
            await Task.Delay(Latency, time, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
