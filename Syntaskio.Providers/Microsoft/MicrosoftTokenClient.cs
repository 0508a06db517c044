using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// The Microsoft identity platform's token endpoint (POST {tenant}/oauth2/v2.0/token): the refresh_token grant (form
/// fields client_id, grant_type, refresh_token, scope, client_secret) and, when a person connects, the
/// authorization_code grant with its PKCE code_verifier. The answer may carry a new refresh token, which replaces
/// the old one; invalid_grant means the user must connect the account again.
/// </summary>
public sealed class MicrosoftTokenClient(
    IHttpClientFactory httpClientFactory,
    IOptions<MicrosoftTodoOptions> options,
    TimeProvider time
)
{
    /// <summary>
    /// The identity platform is another host than the Graph API: its calls are never held by the API's Retry-After.
    /// </summary>
    public const string HttpClientName = "microsoft-identity";

    public async Task<RefreshedCredentials> RefreshAsync(string credentialsJson, CancellationToken cancellationToken)
    {
        var current = MicrosoftCredentials.Parse(credentialsJson);
        if (current.RefreshToken is null)
            throw new PermanentProviderException(
                "The Microsoft access token expired and there is no refresh token: reconnect your Microsoft account.",
                401,
                "InvalidAuthenticationToken"
            );
        var settings = RegisteredApp("The Microsoft access token expired and token refresh");
        return await RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["client_id"] = settings.ClientId!,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = current.RefreshToken,
                ["scope"] = settings.Scope,
                ["client_secret"] = settings.ClientSecret!,
            },
            current.RefreshToken,
            cancellationToken
        );
    }

    /// <summary>
    /// The authorization_code grant with its PKCE verifier: a person has just signed in to connect To Do.
    /// </summary>
    public async Task<RefreshedCredentials> RedeemCodeAsync(
        string code,
        string codeVerifier,
        Uri redirectUri,
        CancellationToken cancellationToken
    )
    {
        var settings = RegisteredApp("Connecting a Microsoft account");
        return await RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["client_id"] = settings.ClientId!,
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri.ToString(),
                ["code_verifier"] = codeVerifier,
                ["scope"] = settings.Scope,
                ["client_secret"] = settings.ClientSecret!,
            },
            null,
            cancellationToken
        );
    }

    private MicrosoftTodoOptions RegisteredApp(string what)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
            throw new PermanentProviderException(
                $"{what} is not configured (Providers:Microsoft:ClientId and ClientSecret)."
            );
        return settings;
    }

    private async Task<RefreshedCredentials> RequestTokenAsync(
        Dictionary<string, string> fields,
        string? previousRefreshToken,
        CancellationToken cancellationToken
    )
    {
        using var form = new FormUrlEncodedContent(fields);
        HttpResponseMessage response;
        try
        {
            response = await httpClientFactory
                .CreateClient(HttpClientName)
                .PostAsync(options.Value.TokenEndpoint, form, cancellationToken);
        }
        catch (Exception exception)
            when (exception is HttpRequestException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested
            )
        {
            throw ProviderFailure.FromTransport("The Microsoft identity platform", exception);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await TranslateAsync(response, cancellationToken);
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new TransientProviderException(
                    "The Microsoft identity platform returned an empty token response."
                );
            var expiresAt = time.GetUtcNow().AddSeconds(token.ExpiresIn);
            var refreshed = new MicrosoftCredentials(
                token.AccessToken,
                token.RefreshToken ?? previousRefreshToken,
                expiresAt
            );
            return new RefreshedCredentials(refreshed.ToJson(), expiresAt);
        }
    }

    private async Task<ProviderException> TranslateAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken
    )
    {
        var status = (int)response.StatusCode;
        TokenError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<TokenError>(cancellationToken);
        }
        catch (JsonException) { }
        if (error?.Error is "invalid_grant")
        {
            return new PermanentProviderException(
                "Microsoft refused the refresh token (invalid_grant): reconnect your Microsoft account.",
                status,
                error.Error
            );
        }
        if (error?.Error is "invalid_client" or "unauthorized_client")
        {
            return new PermanentProviderException(
                $"Microsoft refused this service's app registration ({error.Error}): check "
                    + $"Providers:Microsoft:ClientId "
                    + "and ClientSecret, then reconnect your Microsoft account.",
                status,
                error.Error
            );
        }
        var retryAfter = ProviderFailure.ParseRetryAfter(response.Headers.RetryAfter?.ToString(), time.GetUtcNow());
        return ProviderFailure.FromHttp(
            status,
            error?.Error,
            $"The Microsoft identity platform answered {status} {error?.Error}: {error?.Description}",
            retryAfter
        );
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn
    );

    private sealed record TokenError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description
    );
}
