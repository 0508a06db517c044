using System.Text;
using System.Text.Json;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>A ConnectWise Manage API member's keys and the integrator's clientId.</summary>
public sealed record ConnectWiseCredentials(string CompanyId, string PublicKey, string PrivateKey, string ClientId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ConnectWiseCredentials Parse(string json) =>
        JsonSerializer.Deserialize<ConnectWiseCredentials>(json, Json)
            is {
                CompanyId.Length: > 0,
                PublicKey.Length: > 0,
                PrivateKey.Length: > 0,
                ClientId.Length: > 0
            } credentials
            ? credentials
            : throw new PermanentProviderException(
                "The ConnectWise connection lacks companyId, keys or clientId: reconnect ConnectWise."
            );

    /// <summary>Basic base64("{companyId}+{publicKey}:{privateKey}"), as ConnectWise documents it.</summary>
    public string AuthorizationHeader() =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CompanyId}+{PublicKey}:{PrivateKey}"));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public override string ToString() => $"ConnectWiseCredentials for {CompanyId} (redacted)";
}
