using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Security;

namespace Syntaskio.UnitTests;

public sealed class CredentialProtectorTests
{
    private static readonly Guid UserId = Guid.NewGuid();
    private readonly CredentialProtector protector = new(
        Options.Create(
            new CredentialOptions { CredentialKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }
        )
    );

    [Test]
    public void Unprotect_ReturnsPlaintext_WhenOwnerMatches()
    {
        var sealedBytes = protector.Protect("""{"accessToken":"secret-token"}""", UserId, "microsoft");

        Assert.That(
            protector.Unprotect(sealedBytes, UserId, "microsoft"),
            Is.EqualTo("""{"accessToken":"secret-token"}""")
        );
        Assert.That(Encoding.UTF8.GetString(sealedBytes), Does.Not.Contain("secret-token"));
    }

    [Test]
    public void Unprotect_Throws_WhenCiphertextIsMovedToAnotherUser()
    {
        var sealedBytes = protector.Protect("secret", UserId, "microsoft");

        Assert.Throws<AuthenticationTagMismatchException>(() =>
            protector.Unprotect(sealedBytes, Guid.NewGuid(), "microsoft")
        );
    }

    [Test]
    public void Unprotect_Throws_WhenCiphertextIsTamperedWith()
    {
        var sealedBytes = protector.Protect("secret", UserId, "microsoft");
        sealedBytes[^1] ^= 0x01;

        Assert.Throws<AuthenticationTagMismatchException>(() => protector.Unprotect(sealedBytes, UserId, "microsoft"));
    }

    [TestCase("")]
    [TestCase("c2hvcnQ=")]
    public void Validate_RejectsKeysThatAreNot32Bytes(string key)
    {
        var results = new CredentialOptions { CredentialKey = key }.Validate(
            new System.ComponentModel.DataAnnotations.ValidationContext(new object())
        );

        Assert.That(results.Single().ErrorMessage, Does.Contain("32 bytes"));
    }
}
