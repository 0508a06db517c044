using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// Checks a person's ConnectWise keys before they are stored: GET /system/info, which any valid API member can read.
/// Refused keys throw <see cref="PermanentProviderException"/>; an unreachable site throws a transient one.
/// </summary>
public sealed class ConnectWiseAccountReader(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    /// <summary>What the person recognises the account by: the site, the company and the server's version.</summary>
    public async Task<string> DescribeAsync(
        Uri baseUrl,
        ConnectWiseCredentials credentials,
        CancellationToken cancellationToken
    )
    {
        using var client = new RestClient(
            httpClientFactory.CreateClient(ConnectWiseTicketClient.HttpClientName),
            new RestClientOptions(baseUrl)
        );
        var request = new RestRequest("system/info")
            .AddHeader("Authorization", credentials.AuthorizationHeader())
            .AddHeader("clientId", credentials.ClientId);
        var info = await RestExecution.ExecuteAsync<SystemInfo>(
            client,
            request,
            "ConnectWise",
            response => ConnectWiseErrorTranslator.Translate(response, time.GetUtcNow()),
            cancellationToken
        );
        return $"{baseUrl.Host}, company {credentials.CompanyId}"
            + (info.Version is { } version ? $" (ConnectWise {version})" : "");
    }

    private sealed record SystemInfo(string? Version, bool? IsCloud);
}
