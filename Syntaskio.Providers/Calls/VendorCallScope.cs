namespace Syntaskio.Providers.Calls;

/// <summary>
/// The connection the calls made in this async flow go to, so the handlers of the vendor clients can hold them
/// (Holds.ConnectionHoldHandler) and tell whether a write's outcome is known (<see cref="UnansweredWriteHandler"/>).
/// Set by whoever calls a provider for a connection (a sync, the change-feed watcher); a call outside any scope
/// (reading a new account before it is stored) is neither held nor watched.
/// </summary>
public static class VendorCallScope
{
    private static readonly AsyncLocal<VendorCall?> Current = new();

    public static VendorCall? Call => Current.Value;

    /// <summary>Calls made until the returned call is disposed go to <paramref name="connectionKey"/>.</summary>
    public static VendorCall For(string connectionKey)
    {
        var call = new VendorCall(connectionKey, Current.Value);
        Current.Value = call;
        return call;
    }

    internal static void Restore(VendorCall? outer) => Current.Value = outer;
}

/// <summary>One caller's calls to one connection's vendor, and what became of the writes among them.</summary>
public sealed class VendorCall(string connectionKey, VendorCall? outer) : IDisposable
{
    public string ConnectionKey { get; } = connectionKey;

    /// <summary>
    /// A write went out and its outcome was not learned: it got no answer, or it was answered but the read that
    /// followed it got none (or was refused). The vendor may hold the change; the caller must not assume it does not.
    /// </summary>
    public bool OutcomeUnknown { get; private set; }

    private bool awaitingReadBack;

    internal void WriteUnanswered() => OutcomeUnknown = true;

    internal void WriteAnswered() => awaitingReadBack = true;

    internal void ReadAnswered(bool succeeded)
    {
        if (awaitingReadBack && !succeeded)
            OutcomeUnknown = true;
        awaitingReadBack = false;
    }

    public void Dispose() => VendorCallScope.Restore(outer);
}
