namespace Syntaskio.Providers;

/// <summary>The vendor-side state read back after a write: the proof that the change landed.</summary>
public sealed record ProviderWriteResult(string VendorStatus, bool Done);
