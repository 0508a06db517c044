using RestSharp;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Process Plan's published API (v4). A task is addressed "{ih_id}/{tt_id}/{it_id}" (its process instance, the
/// template task whose pending list holds it, and the instance task): complete is respond, confirmed by the task
/// leaving its pending list. A task no longer pending is already done (no second write). Nothing public reopens a
/// step or marks one in progress, so those fail at once.
/// </summary>
internal sealed class ProcessPlanV4Dialect(ProcessPlanCalls calls)
{
    public const string NoReopen = "Process Plan does not allow reopening a completed step.";
    public const string NoStart = "Process Plan does not allow marking a step in progress.";

    public async Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        RestClient client,
        ProcessPlanCredentials credentials,
        CancellationToken cancellationToken
    )
    {
        if (change.Target != TargetStatus.Completed)
            throw new PermanentProviderException(
                change.Target == TargetStatus.InProgress ? NoStart : NoReopen,
                errorCode: "unsupported"
            );
        var (instanceId, templateTaskId, taskId) = Address(change);

        var pending = await PendingAsync(client, credentials, templateTaskId, cancellationToken);
        var isPending = pending.Contains(taskId);
        ProviderConflictException.ThrowIfChanged(
            ProcessPlanCalls.Provider,
            change.ExpectedVendorStatus,
            isPending ? "pending" : "completed",
            !isPending,
            !isPending,
            "completed"
        );
        if (!isPending)
            return new ProviderWriteResult(
                "completed",
                true,
                Detail: $"task {taskId} was no longer pending: nothing written"
            );

        await calls.SendAsync(
            client,
            Request(ProcessPlanV4Routes.Respond(taskId), Method.Post, credentials),
            cancellationToken
        );
        if ((await PendingAsync(client, credentials, templateTaskId, cancellationToken)).Contains(taskId))
            throw new TransientProviderException(
                $"Process Plan did not keep the response: task {taskId} is still pending."
            );
        return new ProviderWriteResult(
            "completed",
            true,
            Detail: $"task {taskId} responded; process instance {instanceId} moved on"
        );
    }

    /// <summary>
    /// Reads the template list: what the person recognises the account by, and proof the token works.
    /// </summary>
    public async Task<string> DescribeAsync(
        RestClient client,
        ProcessPlanCredentials credentials,
        Uri baseUrl,
        CancellationToken cancellationToken
    )
    {
        var templates = await calls.SendAsync<PpTemplateList>(
            client,
            Request(ProcessPlanV4Routes.Templates, Method.Get, credentials),
            cancellationToken
        );
        return $"{baseUrl.Host} ({templates.Templates?.Count ?? 0} process templates)";
    }

    /// <summary>The ids of the instance tasks in a template task's pending list.</summary>
    public async Task<HashSet<string>> PendingAsync(
        RestClient client,
        ProcessPlanCredentials credentials,
        string templateTaskId,
        CancellationToken cancellationToken
    )
    {
        var list = await calls.SendAsync<PpInstanceTaskList>(
            client,
            Request(ProcessPlanV4Routes.PendingTasks(templateTaskId), Method.Get, credentials),
            cancellationToken
        );
        return (list.Tasks ?? []).Select(task => task.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private static (string InstanceId, string TemplateTaskId, string TaskId) Address(ProviderStatusChange change) =>
        change.ContainerId is { Length: > 0 } instance
        && change.ExternalId.Split('/') is [{ Length: > 0 } templateTask, { Length: > 0 } task]
            ? (instance, templateTask, task)
            : throw new PermanentProviderException(
                $"Process Plan task '{change.ContainerId}/{change.ExternalId}' is not addressed "
                    + $"\"{{ih_id}}/{{tt_id}}/{{it_id}}\"."
            );

    private static RestRequest Request(string path, Method method, ProcessPlanCredentials credentials) =>
        new RestRequest(path, method).AddHeader(ProcessPlanV4Routes.TokenHeader, credentials.ApiToken);
}
