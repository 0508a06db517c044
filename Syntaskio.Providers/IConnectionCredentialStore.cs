namespace Syntaskio.Providers;

/// <summary>
/// Where a provider client refreshes a connection's credentials. The store runs <paramref name="refresh"/> at most
/// once per connection at a time (across processes) and saves what it returns, so a rotated refresh token is
/// never lost; a caller that finds someone else already refreshed gets those credentials without a second call.
/// </summary>
public interface IConnectionCredentialStore
{
    Task<string> RefreshAsync(
        ProviderConnection connection,
        string staleCredentialsJson,
        Func<string, CancellationToken, Task<RefreshedCredentials>> refresh,
        CancellationToken cancellationToken
    );
}

/// <summary>New credentials (JSON) and when their access token expires.</summary>
public sealed record RefreshedCredentials(string CredentialsJson, DateTimeOffset? ExpiresAt);
