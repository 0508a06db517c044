using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.Holds;

namespace Syntaskio.UnitTests;

/// <summary>ConnectionHoldHandler: no request leaves on a held connection, and a Retry-After starts a hold.</summary>
public sealed class ConnectionHoldHandlerTests
{
    private const string Key = "microsoft:1";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private ConnectionHoldRegistry registry = null!;
    private Vendor vendor = null!;

    [SetUp]
    public void CreateRegistry()
    {
        registry = new ConnectionHoldRegistry(new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), time), time);
        vendor = new Vendor();
    }

    [Test]
    public async Task SendAsync_HoldsTheConnection_WhenTheVendorAnswers429WithRetryAfter()
    {
        vendor.Next = Throttled(TimeSpan.FromSeconds(3));
        using var client = Client();

        using (VendorCallScope.For(Key))
            Assert.That((await client.GetAsync("/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        Assert.That(registry.HeldUntil(Key), Is.EqualTo(time.GetUtcNow().AddSeconds(3)));
    }

    [Test]
    public void SendAsync_SendsNothing_WhenTheConnectionIsHeldLongerThanTheWaitInPlace()
    {
        registry.Hold(Key, TimeSpan.FromSeconds(3));
        using var client = Client();

        using (VendorCallScope.For(Key))
            Assert.ThrowsAsync<ProviderHeldException>(() => client.PatchAsync("/tasks/1", null));

        Assert.That(vendor.Requests, Is.Zero);
    }

    [Test]
    public async Task SendAsync_CallsAtOnce_WhenTheCallBelongsToNoConnection()
    {
        registry.Hold(Key, TimeSpan.FromSeconds(3));
        using var client = Client();

        await client.GetAsync("/me");

        Assert.That(vendor.Requests, Is.EqualTo(1), "a new account's first read is not held");
    }

    [Test]
    public async Task SendAsync_StartsNoHold_WhenTheVendorAnswersWithoutRetryAfter()
    {
        vendor.Next = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        using var client = Client();

        using (VendorCallScope.For(Key))
            await client.GetAsync("/tasks");

        Assert.That(registry.HeldUntil(Key), Is.Null);
    }

    private HttpClient Client() =>
        new(new ConnectionHoldHandler(registry, time) { InnerHandler = vendor })
        {
            BaseAddress = new Uri("http://vendor.test"),
        };

    private static HttpResponseMessage Throttled(TimeSpan retryAfter) =>
        new(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(retryAfter) } };

    private sealed class Vendor : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public HttpResponseMessage Next { get; set; } = new(HttpStatusCode.OK);

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Requests++;
            return Task.FromResult(Next);
        }
    }
}
