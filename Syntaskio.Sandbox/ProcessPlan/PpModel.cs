namespace Syntaskio.Sandbox.ProcessPlan;

/// <summary>A process with ordered steps. Mutated only under its own lock.</summary>
public sealed class PpProcess
{
    public object Sync { get; } = new();
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary>The template the process runs (v4's process_template_header th_id).</summary>
    public string TemplateId { get; init; } = "";

    /// <summary>The API token of the account the process belongs to.</summary>
    public string ApiToken { get; init; } = "";

    /// <summary>null: open; "temporary": 423 with Retry-After (someone is editing); "permanent": 423 without.</summary>
    public string? Lock { get; set; }

    public List<PpStep> Steps { get; init; } = [];

    /// <summary>
    /// A process advances to completed when all its steps are, and is in_progress once any has started.
    /// </summary>
    public string Status =>
        Steps.All(step => step.Status == "completed") ? "completed"
        : Steps.Any(step => step.Status != "pending") ? "in_progress"
        : "pending";
}

public sealed class PpStep
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Status { get; set; } = "pending";
    public List<string> DependsOn { get; init; } = [];
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Writes { get; set; }
    public DateTimeOffset? LastWriteAt { get; set; }
}
