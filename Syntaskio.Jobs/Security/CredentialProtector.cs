using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Syntaskio.Jobs.Security;

/// <summary>
/// AES-256-GCM for provider credentials. The row's owner and provider are the associated data, so a ciphertext
/// copied into another user's row does not decrypt. Layout: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class CredentialProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] key;

    public CredentialProtector(IOptions<CredentialOptions> options)
    {
        if (!CredentialOptions.TryDecodeKey(options.Value.CredentialKey, out key))
            throw new InvalidOperationException("Security:CredentialKey is not a valid 32-byte base64 key.");
    }

    public byte[] Protect(string plaintext, Guid userId, string provider)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + TagSize + data.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            data,
            output.AsSpan(1 + NonceSize + TagSize),
            output.AsSpan(1 + NonceSize, TagSize),
            AssociatedData(userId, provider)
        );
        return output;
    }

    public string Unprotect(byte[] protectedData, Guid userId, string provider)
    {
        if (protectedData.Length < 1 + NonceSize + TagSize || protectedData[0] != Version)
            throw new CryptographicException("Stored credentials are not in a format this version can read.");
        var plaintext = new byte[protectedData.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            protectedData.AsSpan(1, NonceSize),
            protectedData.AsSpan(1 + NonceSize + TagSize),
            protectedData.AsSpan(1 + NonceSize, TagSize),
            plaintext,
            AssociatedData(userId, provider)
        );
        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] AssociatedData(Guid userId, string provider) =>
        Encoding.UTF8.GetBytes($"{userId:N}/{provider}");
}
