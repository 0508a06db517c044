using System.Net;
using Syntaskio.Providers.Calls;

namespace Syntaskio.UnitTests;

/// <summary>When a write's outcome is known, and when it is not, as UnansweredWriteHandler tells the call.</summary>
public sealed class UnansweredWriteHandlerTests
{
    [Test]
    public void OutcomeUnknown_WhenAWriteGetsNoAnswer()
    {
        using var call = VendorCallScope.For("microsoft:1");
        using var client = Client(new object[] { new HttpRequestException("reset") });

        Assert.ThrowsAsync<HttpRequestException>(() => client.PatchAsync("/tasks/1", null));

        Assert.That(call.OutcomeUnknown, Is.True);
    }

    [Test]
    public async Task OutcomeUnknown_WhenTheReadAfterAnAnsweredWriteIsRefused()
    {
        using var call = VendorCallScope.For("connectwise:1");
        using var client = Client(HttpStatusCode.OK, HttpStatusCode.Forbidden);

        await client.PatchAsync("/tickets/1", null);
        await client.GetAsync("/tickets/1");

        Assert.That(call.OutcomeUnknown, Is.True);
    }

    [TestCase(HttpStatusCode.OK, TestName = "OutcomeKnown_WhenTheReadAfterTheWriteAnswers")]
    [TestCase(HttpStatusCode.Forbidden, TestName = "OutcomeKnown_WhenTheWriteIsRefused")]
    public async Task OutcomeKnown_WhenTheWriteOrItsReadAnswers(HttpStatusCode write)
    {
        using var call = VendorCallScope.For("microsoft:1");
        using var client = Client(write, HttpStatusCode.OK);

        await client.PatchAsync("/tasks/1", null);
        await client.GetAsync("/tasks/1");

        Assert.That(call.OutcomeUnknown, Is.False);
    }

    [Test]
    public async Task OutcomeKnown_WhenAReadBeforeAnyWriteFails()
    {
        using var call = VendorCallScope.For("microsoft:1");
        using var client = Client(HttpStatusCode.ServiceUnavailable);

        await client.GetAsync("/tasks/1");

        Assert.That(call.OutcomeUnknown, Is.False);
    }

    private static HttpClient Client(params HttpStatusCode[] answers) => Client(answers.Cast<object>().ToArray());

    private static HttpClient Client(object[] answers) =>
        new(new UnansweredWriteHandler { InnerHandler = new Vendor(new Queue<object>(answers)) })
        {
            BaseAddress = new Uri("http://vendor.test"),
        };

    private sealed class Vendor(Queue<object> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) =>
            answers.Dequeue() switch
            {
                Exception exception => Task.FromException<HttpResponseMessage>(exception),
                HttpStatusCode status => Task.FromResult(new HttpResponseMessage(status)),
                var other => throw new InvalidOperationException($"Not an answer: {other}"),
            };
    }
}
