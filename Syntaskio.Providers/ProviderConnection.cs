namespace Syntaskio.Providers;

/// <summary>
/// Where and as whom to call a provider. <see cref="CredentialsJson"/> is decrypted only in memory and each
/// provider reads its own shape from it; ToString never shows it, so it cannot reach a log by accident.
/// </summary>
public sealed class ProviderConnection(Guid id, Uri baseUrl, string credentialsJson, bool needsReconnect = false)
{
    /// <summary>The vendor refused the stored grant or keys: nothing is called until the person reconnects.</summary>
    public bool NeedsReconnect { get; } = needsReconnect;

    public Guid Id { get; } = id;

    public Uri BaseUrl { get; } = baseUrl;

    public string CredentialsJson { get; } = credentialsJson;

    public override string ToString() => $"ProviderConnection {Id} at {BaseUrl}";
}
