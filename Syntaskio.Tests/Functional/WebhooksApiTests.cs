using System.Net;
using System.Text;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>POST /webhooks/microsoft: Graph's validation handshake; notifications that prove nothing do nothing.
/// </summary>
public sealed class WebhooksApiTests
{
    [Test]
    public async Task ReceiveMicrosoft_EchoesTheValidationTokenAsPlainText_WhenGraphValidates()
    {
        using var client = TestEnvironment.Api.CreateClient();
        const string token = "Validation: Testing client application reachability <&> 42";

        using var response = await client.PostAsync(
            $"/webhooks/microsoft?validationToken={Uri.EscapeDataString(token)}",
            new StringContent("", Encoding.UTF8, "text/plain")
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(token));
    }

    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("{\"value\":{}}")]
    [TestCase("null")]
    public async Task ReceiveMicrosoft_AnswersProblemDetails_WhenTheBodyIsNotANotificationCollection(string body)
    {
        using var client = TestEnvironment.Api.CreateClient();

        using var response = await client.PostAsync(
            "/webhooks/microsoft",
            new StringContent(body, Encoding.UTF8, "application/json")
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task ReceiveMicrosoft_AcceptsButAsksForNoPoll_WhenTheSubscriptionIsNotOurs()
    {
        using var client = TestEnvironment.Api.CreateClient();
        const string notified = "SELECT COUNT(*) FROM connection_watches WHERE cardinality(notified_containers) > 0";
        var before = await DatabaseProbe.CountAsync(notified);
        const string body = """
            {"value":[{"subscriptionId":"not-ours","clientState":"anything","changeType":"updated",
              "resource":"Users/x/todo/lists/y/tasks/z","tenantId":"t","extra":{"added":"by Graph later"}}]}
            """;

        using var response = await client.PostAsync(
            "/webhooks/microsoft",
            new StringContent(body, Encoding.UTF8, "application/json")
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await DatabaseProbe.CountAsync(notified), Is.EqualTo(before));
    }
}
