using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// A Process Plan process in the emulator: step "plan", then "build" (depends on plan), then "ship" (depends on build).
/// </summary>
public sealed class ProcessPlanWorld
{
    private ProcessPlanWorld(string processId, ProcessPlanCredentials credentials)
    {
        ProcessId = processId;
        Credentials = credentials;
    }

    public string ProcessId { get; }

    public ProcessPlanCredentials Credentials { get; }

    public static async Task<ProcessPlanWorld> SeedAsync(SandboxServer sandbox, string? @lock = null)
    {
        var world = new ProcessPlanWorld(
            $"proc-{Guid.NewGuid():N}",
            new ProcessPlanCredentials($"pp-{Guid.NewGuid():N}")
        );
        await sandbox.SeedAsync(
            "processplan",
            new
            {
                apiToken = world.Credentials.ApiToken,
                processId = world.ProcessId,
                name = "Onboard a customer",
                @lock,
                steps = new object[]
                {
                    new { id = "plan", name = "Plan" },
                    new
                    {
                        id = "build",
                        name = "Build",
                        dependsOn = new[] { "plan" },
                    },
                    new
                    {
                        id = "ship",
                        name = "Ship",
                        dependsOn = new[] { "build" },
                    },
                },
            }
        );
        return world;
    }
}
