using System.Security.Claims;

namespace Syntaskio.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The identity provider's subject; authentication guarantees it is there.</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub")
        ?? throw new InvalidOperationException("An authenticated principal has no 'sub' claim.");
}
