using System.Text.Json;

namespace Syntaskio.Providers.Microsoft;

/// <summary>The delegated OAuth tokens of one Microsoft account (scope Tasks.ReadWrite).</summary>
public sealed record MicrosoftCredentials(
    string AccessToken,
    string? RefreshToken = null,
    DateTimeOffset? ExpiresAt = null
)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static MicrosoftCredentials Parse(string json) =>
        JsonSerializer.Deserialize<MicrosoftCredentials>(json, Json) is { AccessToken.Length: > 0 } credentials
            ? credentials
            : throw new PermanentProviderException(
                "The Microsoft connection has no access token: reconnect your Microsoft account."
            );

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public override string ToString() => "MicrosoftCredentials (redacted)";
}
