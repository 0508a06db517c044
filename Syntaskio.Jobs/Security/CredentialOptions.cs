using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Security;

public sealed class CredentialOptions : IValidatableObject
{
    public const string Section = "Security";

    /// <summary>Base64 of 32 random bytes: the AES-256-GCM key for provider credentials at rest.</summary>
    public string CredentialKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryDecodeKey(CredentialKey, out _))
        {
            yield return new ValidationResult(
                "Security:CredentialKey must be base64 of exactly 32 bytes (for example: openssl rand -base64 32).",
                [nameof(CredentialKey)]
            );
        }
    }

    internal static bool TryDecodeKey(string value, out byte[] key)
    {
        key = [];
        var buffer = new byte[32];
        if (!Convert.TryFromBase64String(value, buffer, out var written) || written != 32)
            return false;
        key = buffer;
        return true;
    }
}
