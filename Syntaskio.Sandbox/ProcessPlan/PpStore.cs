using System.Collections.Concurrent;
using Syntaskio.Sandbox.Control;

namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>Process Plan's processes by id, and the API tokens allowed to call.</summary>
public sealed class PpStore : ISandboxObjectStore
{
    public static readonly string[] Statuses = ["pending", "in_progress", "completed"];
    private readonly ConcurrentDictionary<string, PpProcess> processes = new();
    private readonly ConcurrentDictionary<string, byte> tokens = new();

    public string Provider => "processplan";

    public void AddToken(string token) => tokens[token] = 0;

    public bool IsKnownToken(string token) => tokens.ContainsKey(token);

    public void Add(PpProcess process) => processes[process.Id] = process;

    public PpProcess? Process(string id) => processes.GetValueOrDefault(id);

    /// <summary>The processes of the account an API token belongs to.</summary>
    public IEnumerable<PpProcess> ProcessesOf(string token) =>
        processes.Values.Where(process => process.ApiToken == token);

    /// <summary>
    /// "{processId}" for a process, "{processId}/{stepId}" for one of its steps, or the v4 address Syntaskio keeps,
    /// "{ih_id}/{tt_id}/{it_id}", whose it_id is "{processId}.{stepId}".
    /// </summary>
    public SandboxObjectView? Find(string externalId)
    {
        var segments = externalId.Split('/');
        var parts =
            segments.Length == 3 && segments[2].Split('.', 2) is [var processId, var stepId]
                ? [processId, stepId]
                : externalId.Split('/', 2);
        if (!processes.TryGetValue(parts[0], out var process))
            return null;
        lock (process.Sync)
        {
            if (parts.Length == 1)
                return new SandboxObjectView(
                    Provider,
                    externalId,
                    process.Name,
                    process.Status,
                    process.Status == "completed",
                    process.Steps.Sum(step => step.Writes),
                    process.Steps.Max(step => step.LastWriteAt)
                );
            var step = process.Steps.FirstOrDefault(candidate => candidate.Id == parts[1]);
            return step is null
                ? null
                : new SandboxObjectView(
                    Provider,
                    externalId,
                    step.Name,
                    step.Status,
                    step.Status == "completed",
                    step.Writes,
                    step.LastWriteAt
                );
        }
    }

    /// <summary>
    /// A person sets a step's status in the vendor's words (pending, in_progress, completed), as in Process Plan's own
    /// app: a completed step leaves its template task's pending list. Addressed as <see cref="Find"/> reads it.
    /// </summary>
    public bool Edit(string externalId, string status, DateTimeOffset now)
    {
        var segments = externalId.Split('/');
        var parts =
            segments.Length == 3 && segments[2].Split('.', 2) is [var processId, var stepId]
                ? [processId, stepId]
                : externalId.Split('/', 2);
        if (!Statuses.Contains(status) || parts.Length != 2 || !processes.TryGetValue(parts[0], out var process))
            return false;
        lock (process.Sync)
        {
            if (process.Steps.FirstOrDefault(candidate => candidate.Id == parts[1]) is not { } step)
                return false;
            step.Status = status;
            step.StartedAt = status == "pending" ? null : step.StartedAt ?? now;
            step.CompletedAt = status == "completed" ? now : null;
            return true;
        }
    }
}
