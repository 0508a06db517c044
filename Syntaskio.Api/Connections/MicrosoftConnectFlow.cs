using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Syntaskio.Api.Auth;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Api.Connections;

/// <summary>
/// Connecting Microsoft To Do: the OAuth 2.0 authorization code flow with PKCE (S256) for the delegated scope
/// Tasks.ReadWrite offline_access. The state is single-use, bound to the caller, lives 10 minutes and is stored only as
/// a hash; the callback redeems the code with the verifier, reads /me for the mailbox, stores the tokens encrypted and
/// sends the browser back to the status page, which shows what happened.
/// </summary>
public static class MicrosoftConnectFlow
{
    private const string Provider = "microsoft";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public static async Task<Results<Ok<MicrosoftAuthorizeResponse>, ProblemHttpResult>> Authorize(
        MicrosoftAuthorizeRequest? request,
        ClaimsPrincipal user,
        HttpContext context,
        UserRepository users,
        OAuthStateRepository states,
        IOptions<MicrosoftTodoOptions> options,
        IHostEnvironment environment,
        CancellationToken cancellationToken
    )
    {
        var settings = options.Value;
        if (
            RedirectUri(context, settings, environment) is not { } redirectUri
            || string.IsNullOrEmpty(settings.ClientId)
        )
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Connecting Microsoft is not configured",
                detail: "Set Providers:Microsoft:ClientId, ClientSecret and RedirectUri."
            );
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var userId = await users.EnsureAsync(user.Subject(), null, cancellationToken);
        var state = await states.IssueAsync(userId, Provider, verifier, StateLifetime, cancellationToken);
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = settings.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.ToString(),
            ["response_mode"] = "query",
            ["scope"] = settings.Scope,
            ["state"] = state,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        };
        if (!string.IsNullOrWhiteSpace(request?.LoginHint))
            query["login_hint"] = request.LoginHint;
        return TypedResults.Ok(
            new MicrosoftAuthorizeResponse(QueryHelpers.AddQueryString(settings.AuthorizeEndpoint.ToString(), query))
        );
    }

    /// <summary>Where the identity platform sends the browser back; every outcome ends on the status page.</summary>
    public static async Task<RedirectHttpResult> Callback(
        string? code,
        string? state,
        string? error,
        [FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext context,
        OAuthStateRepository states,
        MicrosoftTokenClient tokens,
        MicrosoftAccountReader accounts,
        ProviderConnectionRepository connections,
        IOptions<MicrosoftTodoOptions> options,
        IHostEnvironment environment,
        CancellationToken cancellationToken
    )
    {
        var started = string.IsNullOrEmpty(state) ? null : await states.RedeemAsync(state, Provider, cancellationToken);
        if (error is not null)
            return Back($"Microsoft did not connect: {errorDescription ?? error}");
        if (started is not { } signIn || string.IsNullOrEmpty(code))
            return Back("This sign-in link was already used or has expired. Start connecting Microsoft again.");
        try
        {
            var redirectUri = RedirectUri(context, options.Value, environment)!;
            var issued = await tokens.RedeemCodeAsync(code, signIn.Verifier, redirectUri, cancellationToken);
            var mailbox = await accounts.MailboxAsync(
                options.Value.GraphBaseUrl,
                MicrosoftCredentials.Parse(issued.CredentialsJson).AccessToken,
                cancellationToken
            );
            await connections.SaveAsync(
                signIn.UserId,
                Provider,
                options.Value.GraphBaseUrl,
                issued.CredentialsJson,
                issued.ExpiresAt?.UtcDateTime,
                cancellationToken,
                mailbox
            );
            return TypedResults.Redirect($"/?connected={Provider}");
        }
        catch (ProviderException refused)
        {
            return Back($"Microsoft did not connect: {refused.Message}");
        }
    }

    /// <summary>The configured callback; in Development, without one, this request's own address.</summary>
    private static Uri? RedirectUri(HttpContext context, MicrosoftTodoOptions settings, IHostEnvironment environment) =>
        settings.RedirectUri
        ?? (
            environment.IsDevelopment()
                ? new Uri($"{context.Request.Scheme}://{context.Request.Host}/api/connections/microsoft/callback")
                : null
        );

    private static RedirectHttpResult Back(string message) =>
        TypedResults.Redirect(
            QueryHelpers.AddQueryString("/", new Dictionary<string, string?> { ["connectionError"] = message })
        );

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
