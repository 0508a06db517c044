using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Authorization codes the emulated identity platform handed out: each is for one mailbox, client and redirect URI,
/// carries its PKCE code_challenge (S256), works once and expires after 10 minutes, as the platform documents.
/// </summary>
public sealed class AuthorizationCodes(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Grant> codes = new();

    public string Issue(string mailbox, string clientId, string redirectUri, string codeChallenge)
    {
        var code = $"code-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
        codes[code] = new Grant(mailbox, clientId, redirectUri, codeChallenge, time.GetUtcNow() + Lifetime);
        return code;
    }

    /// <summary>
    /// The mailbox the code signs in, when the client, redirect URI and verifier all match; the code is spent.
    /// </summary>
    public string? Redeem(string code, string clientId, string redirectUri, string codeVerifier)
    {
        if (!codes.TryRemove(code, out var grant) || grant.ExpiresAt < time.GetUtcNow())
            return null;
        var challenge = Convert
            .ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
        return grant.ClientId == clientId && grant.RedirectUri == redirectUri && grant.CodeChallenge == challenge
            ? grant.Mailbox
            : null;
    }

    private sealed record Grant(
        string Mailbox,
        string ClientId,
        string RedirectUri,
        string CodeChallenge,
        DateTimeOffset ExpiresAt
    );
}
