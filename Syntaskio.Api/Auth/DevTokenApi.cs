using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Auth;

/// <summary>POST /dev/token: a signed token for any subject. Mapped only in the Development environment.</summary>
public static class DevTokenApi
{
    public static IEndpointRouteBuilder MapDevTokenApi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            return app;
        app.MapPost("/dev/token", IssueToken)
            .WithName("issueDevToken")
            .WithTags("Development")
            .AllowAnonymous()
            .RequireRateLimiting(RequestRateLimits.Anonymous)
            .WithSummary("A signed token for a subject (Development only)")
            .WithDescription("{\"sub\",\"roles\"} → {\"accessToken\"}, signed with the development key.");
        return app;
    }

    public static async Task<Results<Ok<DevTokenResponse>, ValidationProblem>> IssueToken(
        DevTokenRequest request,
        IOptions<AuthOptions> options,
        UserRepository users,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(request.Sub) || request.Sub.Length > 128)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["sub"] = ["sub is required (1 to 128 characters)."] }
            );
        if (
            request.Roles is { } roles
            && (roles.Length > 5 || roles.Any(role => string.IsNullOrWhiteSpace(role) || role.Length > 64))
        )
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["roles"] = ["roles: at most 5, each 1 to 64 characters."] }
            );

        await users.EnsureAsync(request.Sub, request.Email, cancellationToken);
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = auth.Issuer,
                Audience = auth.Audience,
                Claims = new Dictionary<string, object> { ["sub"] = request.Sub, ["role"] = request.Roles ?? [] },
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(8),
                SigningCredentials = new SigningCredentials(
                    new SymmetricSecurityKey(auth.DevKeyBytes()),
                    SecurityAlgorithms.HmacSha256
                ),
            }
        );
        return TypedResults.Ok(new DevTokenResponse(token));
    }
}

/// <summary>Roles go into the token's "role" claim (support staff: Auth:SupportRole).</summary>
public sealed record DevTokenRequest(string? Sub, string? Email, string[]? Roles);

public sealed record DevTokenResponse(string AccessToken);
