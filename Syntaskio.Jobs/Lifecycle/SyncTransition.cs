namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// One allowed move of a sync job: from any of <see cref="From"/> to <see cref="To"/> (null: the state stays), the
/// rows it writes and the event it puts on the person's stream.
/// </summary>
public sealed record SyncTransition(
    SyncTrigger Trigger,
    IReadOnlyList<SyncState> From,
    SyncState? To,
    SyncWrites Writes,
    string? Event
)
{
    public bool AllowsFrom(SyncState state) => From.Contains(state);
}
