namespace Syntaskio.Sandbox.Control;

/// <summary>A vendor's objects as the /_sandbox/objects view shows them.</summary>
public interface ISandboxObjectStore
{
    string Provider { get; }

    SandboxObjectView? Find(string externalId);

    /// <summary>
    /// A person at the vendor sets the object's status (in the vendor's words), as they would in the vendor's own
    /// app: not counted as a write of ours. False when there is no such object or status, or the vendor's edit is
    /// not emulated yet.
    /// </summary>
    bool Edit(string externalId, string status, DateTimeOffset now) => false;
}

/// <summary>
/// The vendor-side state of one object: its status in the vendor's words, whether the vendor counts it as done or
/// closed, and how many writes changed it (a no-op write still counts, as it would cost a real API call).
/// </summary>
public sealed record SandboxObjectView(
    string Provider,
    string ExternalId,
    string Title,
    string Status,
    bool Done,
    int Writes,
    DateTimeOffset? LastWriteAt
);
