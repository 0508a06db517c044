using Microsoft.Extensions.Options;
using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Process Plan steps through RestSharp: PATCH the step's status with its timestamp, read it back, and read the
/// process to learn whether completing this step advanced it. Reopen and start both mean in_progress.
/// </summary>
public sealed class ProcessPlanStepClient(IHttpClientFactory httpClientFactory, IOptions<ProcessPlanOptions> options, TimeProvider time)
    : ITaskStatusProvider
{
    public const string HttpClientName = "processplan";
    private const string Provider = "Process Plan";

    public async Task<ProviderWriteResult> ApplyAsync(ProviderStatusChange change, ProviderConnection connection, CancellationToken cancellationToken)
    {
        var processId = change.ContainerId ?? throw new PermanentProviderException($"Process step {change.ExternalId} has no process id.");
        var credentials = ProcessPlanCredentials.Parse(connection.CredentialsJson);
        using var client = new RestClient(httpClientFactory.CreateClient(HttpClientName), new RestClientOptions(connection.BaseUrl) { Timeout = options.Value.RequestTimeout });
        var stepPath = ProcessPlanRoutes.Step(processId, change.ExternalId);
        var wanted = change.Target == TargetStatus.Completed ? "completed" : "in_progress";

        var step = await SendAsync<PpStep>(client, Request(stepPath, Method.Get, credentials), cancellationToken);
        ProviderConflictException.ThrowIfChanged(Provider, change.ExpectedVendorStatus, step.Status ?? "unknown", step.Status == "completed", step.Status == wanted, wanted);
        if (step.Status != wanted)
        {
            var now = time.GetUtcNow();
            object body = wanted == "completed" ? new { status = wanted, completedAt = now } : new { status = wanted, startedAt = now };
            await SendAsync<PpStep>(client, Request(stepPath, Method.Patch, credentials).AddJsonBody(body), cancellationToken);
            step = await SendAsync<PpStep>(client, Request(stepPath, Method.Get, credentials), cancellationToken);
            if (step.Status != wanted)
                throw new TransientProviderException($"Process Plan did not keep the change: step {step.Id} reads back as {step.Status}, not {wanted}.");
        }

        var process = await SendAsync<PpProcess>(client, Request(ProcessPlanRoutes.Process(processId), Method.Get, credentials), cancellationToken);
        return new ProviderWriteResult(step.Status!, step.Status == "completed", Detail: $"process {process.Id} is {process.Status}");
    }

    private static RestRequest Request(string path, Method method, ProcessPlanCredentials credentials) =>
        new RestRequest(path, method).AddHeader("Authorization", $"Bearer {credentials.ApiToken}");

    private Task<T> SendAsync<T>(RestClient client, RestRequest request, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync<T>(client, request, Provider, response => ProcessPlanErrorTranslator.Translate(response, time.GetUtcNow()), cancellationToken);
}
