namespace Syntaskio.Providers;

/// <summary>
/// The vendor-side state read back after a write: the proof that the change landed. <see cref="PriorState"/> is
/// the vendor state the write replaced (JSON), kept so a later reopen can restore it; <see cref="Detail"/> says
/// what else the write caused at the vendor (for example, a process that advanced).
/// </summary>
public sealed record ProviderWriteResult(string VendorStatus, bool Done, string? PriorState = null, string? Detail = null);
