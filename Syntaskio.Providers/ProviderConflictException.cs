namespace Syntaskio.Providers;

/// <summary>
/// The source changed under us: since our last confirmed sync someone else moved the task at the vendor, so
/// writing now would overwrite their change blindly. Permanent: the user decides (retry, or keep the source's).
/// </summary>
public sealed class ProviderConflictException(
    string provider,
    string? expected,
    string? current,
    string wanted,
    bool? currentDone = null,
    Exception? innerException = null
)
    : ProviderException(
        $"Conflict: {provider} shows '{current ?? "deleted"}' but we last saw '{expected}'; the change to "
            + $"'{wanted}' was not written.",
        null,
        "Conflict",
        null,
        innerException
    )
{
    public string? Expected { get; } = expected;

    public string? Current { get; } = current;

    /// <summary>Whether the source's current state counts as done; null when the task is gone.</summary>
    public bool? CurrentDone { get; } = currentDone;

    /// <summary>
    /// Throws when the vendor's <paramref name="current"/> state is neither what we last confirmed nor already what
    /// the user wants. Without a confirmed state (the first sync of a task) there is nothing to compare.
    /// </summary>
    public static void ThrowIfChanged(
        string provider,
        string? expected,
        string current,
        bool currentDone,
        bool alreadyAsWanted,
        string wanted
    )
    {
        if (expected is not null && current != expected && !alreadyAsWanted)
            throw new ProviderConflictException(provider, expected, current, wanted, currentDone);
    }
}
