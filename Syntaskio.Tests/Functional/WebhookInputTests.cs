using System.Net;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The ConnectWise callback route tells a caller nothing about which secrets exist (200 for any), and refuses what
/// ConnectWise never sends: a callback without a numeric recordId is a 400 with problem details.
/// </summary>
public sealed class WebhookInputTests
{
    [TestCase("", HttpStatusCode.BadRequest)]
    [TestCase("?recordId=", HttpStatusCode.BadRequest)]
    [TestCase("?recordId=12a", HttpStatusCode.BadRequest)]
    [TestCase("?recordId=123456789012345678901", HttpStatusCode.BadRequest)]
    [TestCase("?recordId=42", HttpStatusCode.OK)]
    public async Task ConnectWiseCallback_AnswersByItsRecordId_NotByItsSecret(string query, HttpStatusCode expected)
    {
        using var client = TestEnvironment.Api.CreateClient();

        var response = await client.PostAsync($"/webhooks/connectwise/no-such-secret{query}", null);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.BadRequest)
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
