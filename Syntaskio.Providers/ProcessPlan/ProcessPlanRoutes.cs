namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Every Process Plan route this client calls, in one place. They follow the story's contract; the vendor's
/// public API reference could not be confirmed, so when it is, only this class should need to change.
/// </summary>
internal static class ProcessPlanRoutes
{
    public static string Process(string processId) => $"processes/{Uri.EscapeDataString(processId)}";

    public static string Step(string processId, string stepId) => $"{Process(processId)}/steps/{Uri.EscapeDataString(stepId)}";
}
