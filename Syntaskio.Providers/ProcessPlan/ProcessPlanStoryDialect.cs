using RestSharp;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// The story's contract: PATCH the step's status with its timestamp, read it back, and read the process to learn
/// whether completing this step advanced it. Reopen and start both mean in_progress. Bearer token.
/// </summary>
internal sealed class ProcessPlanStoryDialect(ProcessPlanCalls calls)
{
    public async Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        RestClient client,
        ProcessPlanCredentials credentials,
        CancellationToken cancellationToken
    )
    {
        var processId = change.ContainerId
            ?? throw new PermanentProviderException($"Process step {change.ExternalId} has no process id.");
        var stepPath = ProcessPlanStoryRoutes.Step(processId, change.ExternalId);
        var wanted = change.Target == TargetStatus.Completed ? "completed" : "in_progress";

        var step = await calls.SendAsync<PpStep>(client, Request(stepPath, Method.Get, credentials), cancellationToken);
        ProviderConflictException.ThrowIfChanged(
            ProcessPlanCalls.Provider,
            change.ExpectedVendorStatus,
            step.Status ?? "unknown",
            step.Status == "completed",
            step.Status == wanted,
            wanted
        );
        if (step.Status != wanted)
        {
            var now = calls.Now;
            object body =
                wanted == "completed"
                    ? new { status = wanted, completedAt = now }
                    : new { status = wanted, startedAt = now };
            await calls.SendAsync<PpStep>(
                client,
                Request(stepPath, Method.Patch, credentials).AddJsonBody(body),
                cancellationToken
            );
            step = await calls.SendAsync<PpStep>(client, Request(stepPath, Method.Get, credentials), cancellationToken);
            if (step.Status != wanted)
                throw new TransientProviderException(
                    $"Process Plan did not keep the change: step {step.Id} reads back as {step.Status}, not {wanted}."
                );
        }

        var process = await calls.SendAsync<PpProcess>(
            client,
            Request(ProcessPlanStoryRoutes.Process(processId), Method.Get, credentials),
            cancellationToken
        );
        return new ProviderWriteResult(
            step.Status!,
            step.Status == "completed",
            Detail: $"process {process.Id} is {process.Status}"
        );
    }

    private static RestRequest Request(string path, Method method, ProcessPlanCredentials credentials) =>
        new RestRequest(path, method).AddHeader("Authorization", $"Bearer {credentials.ApiToken}");
}
