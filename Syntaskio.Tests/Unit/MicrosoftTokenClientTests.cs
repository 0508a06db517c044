using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Moq;
using Syntaskio.Providers;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.UnitTests;

/// <summary>How the token client classifies the identity platform's refusals.</summary>
public sealed class MicrosoftTokenClientTests
{
    [TestCase("invalid_client", "ClientSecret")]
    [TestCase("invalid_grant", "reconnect your Microsoft account")]
    public void Refresh_FailsForGood_WhenTheIdentityPlatformRefuses(string error, string says)
    {
        var client = ClientAnswering(
            HttpStatusCode.Unauthorized,
            $$"""{"error":"{{error}}","error_description":"AADSTS: refused"}"""
        );

        var refused = Assert.ThrowsAsync<PermanentProviderException>(() =>
            client.RefreshAsync(new MicrosoftCredentials("access", "refresh").ToJson(), CancellationToken.None)
        );

        Assert.That(refused!.Message, Does.Contain(says));
        Assert.That(refused.ErrorCode, Is.EqualTo(error));
    }

    [Test]
    public void Refresh_IsRetryable_WhenTheIdentityPlatformIsDown()
    {
        var client = ClientAnswering(HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""");

        Assert.ThrowsAsync<TransientProviderException>(() =>
            client.RefreshAsync(new MicrosoftCredentials("access", "refresh").ToJson(), CancellationToken.None)
        );
    }

    private static MicrosoftTokenClient ClientAnswering(HttpStatusCode status, string body)
    {
        var factory = new Mock<IHttpClientFactory>();
        factory.Setup(f => f.CreateClient(It.IsAny<string>())).Returns(() => new HttpClient(new Answer(status, body)));
        var options = Options.Create(
            new MicrosoftTodoOptions
            {
                ClientId = "client",
                ClientSecret = "secret",
                TokenEndpoint = new Uri("http://127.0.0.1:9/token"),
            }
        );
        return new MicrosoftTokenClient(factory.Object, options, TimeProvider.System);
    }

    private sealed class Answer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) =>
            Task.FromResult(
                new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
            );
    }
}
