namespace Syntaskio.Providers.Holds;

/// <summary>
/// A vendor's Retry-After holds every call on the connection that drew it (a mailbox, a ConnectWise member, a
/// Process Plan token) until it ends, whichever sync or process makes the call. The host keeps the holds; the
/// providers only ask before each call and tell when a vendor asks for one.
/// </summary>
public interface IConnectionHolds
{
    /// <summary>
    /// Returns when <paramref name="connectionKey"/> may be called: at once, or after waiting out a short hold.
    /// </summary>
    /// <exception cref="ProviderHeldException">The hold is too long to wait out in place.</exception>
    Task WaitForAsync(string connectionKey, CancellationToken cancellationToken);

    /// <summary>The vendor answered <paramref name="retryAfter"/>: no call on the connection before it ends.</summary>
    void Hold(string connectionKey, TimeSpan retryAfter);
}
