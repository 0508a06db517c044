namespace Syntaskio.Jobs.Persistence;

/// <summary>A provider_connections row as stored: the credentials still encrypted.</summary>
public sealed class StoredConnection
{
    public Guid Id { get; init; }
    public string BaseUrl { get; init; } = "";
    public byte[] EncryptedCredentials { get; init; } = [];
    public string Status { get; init; } = "";
}
