namespace Syntaskio.Sandbox.Faults;

/// <summary>
/// The next <see cref="Count"/> vendor requests of <see cref="Provider"/> (only those whose path contains
/// <see cref="Match"/>, when set) answer <see cref="Status"/> (0: answer normally) after <see cref="LatencyMs"/>,
/// with Retry-After when <see cref="RetryAfterSeconds"/> is set. <see cref="Method"/>, when set, aims it at one HTTP
/// method (the write, not the read before it). A <see cref="LostAnswer"/> fault carries the request out and then
/// drops the connection without an answer, as a reset or a client's timeout leaves a write whose outcome the caller
/// cannot know. With <see cref="Until"/> set the fault is an outage: every matching request until then meets it,
/// whatever the count.
/// </summary>
public sealed record Fault(
    string Provider,
    int Status,
    int Count,
    int? RetryAfterSeconds,
    int LatencyMs,
    string? Match,
    DateTimeOffset? Until = null,
    string? Method = null,
    bool LostAnswer = false
);
