using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>Hand-made JWTs, for the tokens the API must refuse.</summary>
public static class TestTokens
{
    public static string Create(
        string subject,
        byte[] signingKey,
        string issuer = SyncApiFactory.Issuer,
        string audience = SyncApiFactory.Audience,
        DateTime? expires = null
    )
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = new Dictionary<string, object> { ["sub"] = subject },
                IssuedAt = now.AddHours(-2),
                NotBefore = now.AddHours(-2),
                Expires = expires ?? now.AddHours(1),
                SigningCredentials = new SigningCredentials(
                    new SymmetricSecurityKey(signingKey),
                    SecurityAlgorithms.HmacSha256
                ),
            }
        );
    }
}
