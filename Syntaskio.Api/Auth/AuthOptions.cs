using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Api.Auth;

/// <summary>
/// JWT bearer settings. Production: Google Identity Platform, Authority and Issuer
/// https://securetoken.google.com/{projectId}, Audience {projectId}; signing keys come from its JWKS.
/// Development: a symmetric DevSigningKey that POST /dev/token signs with.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    [Required(ErrorMessage = "Auth:Issuer is required.")]
    public string Issuer { get; set; } = "";

    [Required(ErrorMessage = "Auth:Audience is required.")]
    public string Audience { get; set; } = "";

    /// <summary>OpenID Connect authority whose metadata names the signing keys (JWKS).</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// The token "role" claim value of support staff: the dashboard with its actions, and the audit log.
    /// </summary>
    [Required(ErrorMessage = "Auth:SupportRole must name a role.")]
    public string SupportRole { get; set; } = "support";

    /// <summary>The role that may look at the dashboard but not requeue or delete.</summary>
    [Required(ErrorMessage = "Auth:SupportReadOnlyRole must name a role.")]
    public string SupportReadOnlyRole { get; set; } = "support-readonly";

    /// <summary>The role of the task aggregation service's token: the only caller of the intake route.</summary>
    [Required(ErrorMessage = "Auth:IntakeRole must name a role.")]
    public string IntakeRole { get; set; } = "sync-intake";

    /// <summary>Base64 of at least 32 bytes; honoured only in the Development environment.</summary>
    public string? DevSigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(DevSigningKey))
            yield return new ValidationResult(
                "Set Auth:Authority (production) or Auth:DevSigningKey (Development only)."
            );
        if (!string.IsNullOrWhiteSpace(DevSigningKey) && DevKeyBytes() is not { Length: >= 32 })
            yield return new ValidationResult(
                "Auth:DevSigningKey must be base64 of at least 32 bytes.",
                [nameof(DevSigningKey)]
            );
    }

    internal byte[]? DevKeyBytes()
    {
        var buffer = new byte[((DevSigningKey?.Length ?? 0) * 3 / 4) + 3];
        return Convert.TryFromBase64String(DevSigningKey ?? "", buffer, out var written) ? buffer[..written] : null;
    }
}
