using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Syntaskio.Providers.Microsoft;

/// <summary>GET /me with a freshly issued token: the mailbox a person recognises their connection by.</summary>
public sealed class MicrosoftAccountReader(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    public async Task<string> MailboxAsync(Uri graphBaseUrl, string accessToken, CancellationToken cancellationToken)
    {
        var authentication = new BaseBearerTokenAuthenticationProvider(
            new ConnectionAccessTokenProvider(accessToken, graphBaseUrl)
        );
        var graph = new GraphServiceClient(
            httpClientFactory.CreateClient(MicrosoftTodoClient.HttpClientName),
            authentication,
            graphBaseUrl.ToString().TrimEnd('/')
        );
        try
        {
            var me = await graph.Me.GetAsync(cancellationToken: cancellationToken);
            return me?.Mail
                ?? me?.UserPrincipalName
                ?? throw new TransientProviderException("Microsoft Graph named no mailbox for /me.");
        }
        catch (ApiException exception)
        {
            throw GraphErrorTranslator.Translate(exception, time.GetUtcNow());
        }
        catch (HttpRequestException exception)
        {
            throw ProviderFailure.FromTransport("Microsoft Graph", exception);
        }
    }
}
