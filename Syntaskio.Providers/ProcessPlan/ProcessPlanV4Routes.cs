namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Every route of Process Plan's published API (v4) this service calls, in one place, as its public clients call them
/// (base https://{region}.processplan.com/api/v4, header tkn_id).
/// </summary>
internal static class ProcessPlanV4Routes
{
    public const string TokenHeader = "tkn_id";

    public const string Templates = "process_template_header/list";

    public static string PendingTasks(string templateTaskId) =>
        $"process_template_task/{Uri.EscapeDataString(templateTaskId)}/process_instance_task/list/pending";

    public static string Respond(string instanceTaskId) =>
        $"process_instance_task/{Uri.EscapeDataString(instanceTaskId)}/respond";
}
