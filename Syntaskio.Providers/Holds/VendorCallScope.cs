namespace Syntaskio.Providers.Holds;

/// <summary>
/// The connection the calls made in this async flow go to, so <see cref="ConnectionHoldHandler"/> can hold them.
/// Set by whoever calls a provider for a connection (a sync, the change-feed watcher); a call outside any scope
/// (reading a new account before it is stored) is not held.
/// </summary>
public static class VendorCallScope
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? ConnectionKey => Current.Value;

    /// <summary>Calls made until the returned scope is disposed go to <paramref name="connectionKey"/>.</summary>
    public static IDisposable For(string connectionKey)
    {
        var outer = Current.Value;
        Current.Value = connectionKey;
        return new Restore(outer);
    }

    private sealed class Restore(string? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }
}
