using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// The Microsoft identity platform: GET /login/{tenant}/oauth2/v2.0/authorize (the authorization code flow with PKCE;
/// the person named by login_hint consents at once, with no login page), and POST .../token for the
/// authorization_code grant (code, redirect_uri, code_verifier) and the refresh_token grant (form fields client_id,
/// grant_type, refresh_token, scope, client_secret); errors as {"error","error_description","error_codes",...}.
/// Plus sandbox controls to expire and revoke tokens.
/// </summary>
public static class IdentityPlatformApi
{
    public const string BasePath = "/login";

    public static void MapIdentityPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{BasePath}/{{tenant}}/oauth2/v2.0/authorize", Authorize);
        app.MapPost($"{BasePath}/{{tenant}}/oauth2/v2.0/token", Token).DisableAntiforgery();
        app.MapPost("/_sandbox/microsoft/tokens/expire", (TokenControl request, TodoStore store) =>
        {
            store.Expire(request.AccessToken ?? "");
            return Results.NoContent();
        });
        app.MapPost("/_sandbox/microsoft/tokens/revoke", (TokenControl request, TodoStore store) =>
        {
            store.Revoke(request.RefreshToken ?? "");
            return Results.NoContent();
        });
    }

    /// <summary>
    /// Signs in the login_hint mailbox and sends the browser back to redirect_uri with a code and the state; a request
    /// the platform would refuse goes back with error and error_description instead.
    /// </summary>
    public static IResult Authorize(
        [FromQuery(Name = "client_id")] string? clientId,
        [FromQuery(Name = "response_type")] string? responseType,
        [FromQuery(Name = "redirect_uri")] string? redirectUri,
        string? state,
        [FromQuery(Name = "code_challenge")] string? codeChallenge,
        [FromQuery(Name = "code_challenge_method")] string? method,
        [FromQuery(Name = "login_hint")] string? loginHint,
        AuthorizationCodes codes,
        TodoStore store
    )
    {
        if (string.IsNullOrEmpty(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
            return Results.BadRequest("AADSTS50011: The redirect URI specified in the request does not match.");
        string Back(IDictionary<string, string?> query) => QueryHelpers.AddQueryString(redirectUri, query);
        if (
            string.IsNullOrEmpty(clientId)
            || responseType != "code"
            || string.IsNullOrEmpty(codeChallenge)
            || method != "S256"
        )
        {
            return Results.Redirect(
                Back(
                    new Dictionary<string, string?>
                    {
                        ["error"] = "invalid_request",
                        ["error_description"] =
                            "AADSTS900144: client_id, response_type=code and an S256 code_challenge are required.",
                        ["state"] = state,
                    }
                )
            );
        }
        var mailbox = string.IsNullOrWhiteSpace(loginHint) ? "someone@sandbox.test" : loginHint;
        store.IssueFor(mailbox);
        return Results.Redirect(
            Back(
                new Dictionary<string, string?>
                {
                    ["code"] = codes.Issue(mailbox, clientId, redirectUri, codeChallenge),
                    ["state"] = state,
                }
            )
        );
    }

    public static async Task<IResult> Token(HttpContext context, TodoStore store, AuthorizationCodes codes)
    {
        if (!context.Request.HasFormContentType)
            return Error(
                400,
                "invalid_request",
                "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
                900144
            );
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (grantType is not ("refresh_token" or "authorization_code"))
            return Error(
                400,
                "unsupported_grant_type",
                "AADSTS70003: The app requested an unsupported grant type.",
                70003
            );
        if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
            return Error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.", 7000215);
        (string AccessToken, string RefreshToken)? pair;
        if (grantType == "authorization_code")
        {
            var mailbox = codes.Redeem(
                form["code"].ToString(),
                form["client_id"].ToString(),
                form["redirect_uri"].ToString(),
                form["code_verifier"].ToString()
            );
            if (mailbox is null)
                return Error(
                    400,
                    "invalid_grant",
                    "AADSTS70008: The provided authorization code or verifier is expired, used or does not match.",
                    70008
                );
            pair = store.IssueFor(mailbox);
        }
        else if (store.Redeem(form["refresh_token"].ToString()) is { } refreshed)
        {
            pair = refreshed;
        }
        else
        {
            return Error(
                400,
                "invalid_grant",
                "AADSTS70000: The provided value for the 'refresh_token' is not valid.",
                70000
            );
        }

        return Results.Json(
            new JsonObject
            {
                ["token_type"] = "Bearer",
                ["scope"] = form["scope"].ToString(),
                ["expires_in"] = 3599,
                ["ext_expires_in"] = 3599,
                ["access_token"] = pair.Value.AccessToken,
                ["refresh_token"] = pair.Value.RefreshToken,
            }
        );
    }

    private static IResult Error(int status, string error, string description, int code) =>
        Results.Json(
            new JsonObject
            {
                ["error"] = error,
                ["error_description"] = description,
                ["error_codes"] = new JsonArray(code),
                ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
                ["trace_id"] = Guid.NewGuid().ToString(),
                ["correlation_id"] = Guid.NewGuid().ToString(),
            },
            statusCode: status
        );
}

public sealed record TokenControl(string? AccessToken, string? RefreshToken);
