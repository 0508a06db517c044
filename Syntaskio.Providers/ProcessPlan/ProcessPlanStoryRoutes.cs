namespace Syntaskio.Providers.ProcessPlan;

/// <summary>Every route of the story's contract (the "story" dialect), in one place.</summary>
internal static class ProcessPlanStoryRoutes
{
    public static string Process(string processId) => $"processes/{Uri.EscapeDataString(processId)}";

    public static string Step(string processId, string stepId) =>
        $"{Process(processId)}/steps/{Uri.EscapeDataString(stepId)}";
}
