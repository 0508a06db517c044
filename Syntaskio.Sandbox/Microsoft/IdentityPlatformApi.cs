using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// The Microsoft identity platform's token endpoint, POST /login/{tenant}/oauth2/v2.0/token, for the
/// refresh_token grant: form fields client_id, grant_type, refresh_token, scope, client_secret; errors as
/// {"error","error_description","error_codes",...}. Plus sandbox controls to expire and revoke tokens.
/// </summary>
public static class IdentityPlatformApi
{
    public const string BasePath = "/login";

    public static void MapIdentityPlatformApi(this IEndpointRouteBuilder app)
    {
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

    public static async Task<IResult> Token(HttpContext context, TodoStore store)
    {
        if (!context.Request.HasFormContentType) return Error(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.", 900144);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "refresh_token") return Error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003);
        if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
            return Error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.", 7000215);
        if (store.Redeem(form["refresh_token"].ToString()) is not { } pair)
            return Error(400, "invalid_grant", "AADSTS70000: The provided value for the 'refresh_token' is not valid.", 70000);

        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = form["scope"].ToString(),
            ["expires_in"] = 3599,
            ["ext_expires_in"] = 3599,
            ["access_token"] = pair.AccessToken,
            ["refresh_token"] = pair.RefreshToken,
        });
    }

    private static IResult Error(int status, string error, string description, int code) => Results.Json(new JsonObject
    {
        ["error"] = error,
        ["error_description"] = description,
        ["error_codes"] = new JsonArray(code),
        ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
        ["trace_id"] = Guid.NewGuid().ToString(),
        ["correlation_id"] = Guid.NewGuid().ToString(),
    }, statusCode: status);
}

public sealed record TokenControl(string? AccessToken, string? RefreshToken);
