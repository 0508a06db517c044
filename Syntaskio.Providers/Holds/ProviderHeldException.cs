namespace Syntaskio.Providers.Holds;

/// <summary>
/// A call was not made: the connection is under its vendor's Retry-After hold until <see cref="Until"/>. Not a
/// failure of the vendor's: nothing was sent, so the caller waits for the hold's end without counting a failure.
/// </summary>
public sealed class ProviderHeldException(string connectionKey, DateTimeOffset until)
    : Exception($"The vendor asked for no calls on this connection until {until:O} (Retry-After); none was made.")
{
    public string ConnectionKey { get; } = connectionKey;

    public DateTimeOffset Until { get; } = until;
}
