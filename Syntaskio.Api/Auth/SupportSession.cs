using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Syntaskio.Api.Infrastructure;

namespace Syntaskio.Api.Auth;

/// <summary>
/// A browser opening /hangfire cannot send a bearer token, so support staff exchange theirs for a short,
/// HttpOnly, SameSite=Strict cookie that only the dashboard accepts: POST /api/support/session.
/// </summary>
public static class SupportSession
{
    public const string SchemeName = "SupportSession";

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = "syntaskio-support";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = "/";
        cookie.ExpireTimeSpan = TimeSpan.FromHours(1);
        cookie.SlidingExpiration = false;
        // The dashboard is not a login page: without a session it answers 401/403 rather than redirecting.
        cookie.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    public static RouteGroupBuilder MapSupportSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/support").WithTags("Support");
        api.MapPost("/session", StartSession)
            .WithName("openSupportSession")
            .RequireAuthorization(SupportPolicies.Dashboard)
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("Open a dashboard session (support only)")
            .WithDescription("Exchanges a support bearer token for the dashboard's one-hour cookie.");
        // A handler taking only HttpContext would be bound as a RequestDelegate and its result dropped.
        api.MapDelete("/session", (Delegate)EndSession)
            .WithName("closeSupportSession")
            .RequireAuthorization(SupportPolicies.Dashboard)
            .WithSummary("End the dashboard session")
            .WithDescription("Removes the dashboard's cookie.");
        return api;
    }

    /// <summary>Starts a dashboard session for the bearer's support identity (subject and roles only).</summary>
    public static async Task<NoContent> StartSession(
        HttpContext context,
        ClaimsPrincipal user,
        IOptions<AuthOptions> options
    )
    {
        var auth = options.Value;
        var claims = new List<Claim> { new("sub", user.Subject()) };
        claims.AddRange(
            user.FindAll("role")
                .Where(role => role.Value == auth.SupportRole || role.Value == auth.SupportReadOnlyRole)
                .Select(role => new Claim("role", role.Value))
        );
        await context.SignInAsync(
            SchemeName,
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, "sub", "role"))
        );
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> EndSession(HttpContext context)
    {
        await context.SignOutAsync(SchemeName);
        return TypedResults.NoContent();
    }
}
