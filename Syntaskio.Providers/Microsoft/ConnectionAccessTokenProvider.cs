using Microsoft.Kiota.Abstractions.Authentication;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// Hands the connection's token to the Graph SDK. The stock Azure provider sends no token to hosts other than
/// Graph's, so tests against the emulator would go unauthenticated; this one allows exactly the connection's host.
/// </summary>
internal sealed class ConnectionAccessTokenProvider(string accessToken, Uri baseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([baseUrl.Host]);

    public Task<string> GetAuthorizationTokenAsync(
        Uri uri,
        Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default
    ) => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? accessToken : string.Empty);
}
