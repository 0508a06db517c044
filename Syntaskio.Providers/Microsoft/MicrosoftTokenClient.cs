using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// The refresh_token grant against the Microsoft identity platform (POST {tenant}/oauth2/v2.0/token, form fields
/// client_id, grant_type, refresh_token, scope, client_secret). The answer may carry a new refresh token, which
/// replaces the old one; invalid_grant means the user must connect the account again.
/// </summary>
public sealed class MicrosoftTokenClient(IHttpClientFactory httpClientFactory, IOptions<MicrosoftTodoOptions> options, TimeProvider time)
{
    public async Task<RefreshedCredentials> RefreshAsync(string credentialsJson, CancellationToken cancellationToken)
    {
        var current = MicrosoftCredentials.Parse(credentialsJson);
        var settings = options.Value;
        if (current.RefreshToken is null)
            throw new PermanentProviderException("The Microsoft access token expired and there is no refresh token: reconnect your Microsoft account.", 401, "InvalidAuthenticationToken");
        if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
            throw new PermanentProviderException("The Microsoft access token expired and token refresh is not configured (Providers:Microsoft:ClientId and ClientSecret).");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = current.RefreshToken,
            ["scope"] = settings.Scope,
            ["client_secret"] = settings.ClientSecret,
        });
        HttpResponseMessage response;
        try
        {
            response = await httpClientFactory.CreateClient(MicrosoftTodoClient.HttpClientName).PostAsync(settings.TokenEndpoint, form, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw ProviderFailure.FromTransport("The Microsoft identity platform", exception);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await TranslateAsync(response, cancellationToken);
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new TransientProviderException("The Microsoft identity platform returned an empty token response.");
            var expiresAt = time.GetUtcNow().AddSeconds(token.ExpiresIn);
            var refreshed = new MicrosoftCredentials(token.AccessToken, token.RefreshToken ?? current.RefreshToken, expiresAt);
            return new RefreshedCredentials(refreshed.ToJson(), expiresAt);
        }
    }

    private async Task<ProviderException> TranslateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        TokenError? error = null;
        try { error = await response.Content.ReadFromJsonAsync<TokenError>(cancellationToken); }
        catch (JsonException) { }
        if (error?.Error is "invalid_grant")
        {
            return new PermanentProviderException(
                "Microsoft refused the refresh token (invalid_grant): reconnect your Microsoft account.", status, error.Error);
        }
        if (error?.Error is "invalid_client" or "unauthorized_client")
        {
            return new PermanentProviderException(
                $"Microsoft refused this service's app registration ({error.Error}): check Providers:Microsoft:ClientId " +
                "and ClientSecret, then reconnect your Microsoft account.", status, error.Error);
        }
        var retryAfter = ProviderFailure.ParseRetryAfter(response.Headers.RetryAfter?.ToString(), time.GetUtcNow());
        return ProviderFailure.FromHttp(status, error?.Error, $"The Microsoft identity platform answered {status} {error?.Error}: {error?.Description}", retryAfter);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    private sealed record TokenError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);
}
