namespace Syntaskio.Providers.ProcessPlan;

// Process Plan's step and process as the story describes them; statuses are pending, in_progress, completed.

internal sealed record PpStep(string Id, string? Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt);

internal sealed record PpProcess(string Id, string? Status);

internal sealed record PpError(string? Code, string? Message);

// v4's lists, by the field names its public clients read.

internal sealed record PpTemplateList(
    [property: System.Text.Json.Serialization.JsonPropertyName("process_template_header_list")]
        List<PpTemplate>? Templates
);

internal sealed record PpTemplate(
    [property: System.Text.Json.Serialization.JsonPropertyName("th_id")] string? Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("th_name")] string? Name
);

internal sealed record PpInstanceTaskList(
    [property: System.Text.Json.Serialization.JsonPropertyName("process_instance_task_list")]
        List<PpInstanceTask>? Tasks
);

internal sealed record PpInstanceTask(
    [property: System.Text.Json.Serialization.JsonPropertyName("it_id")] string? Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("it_ih_id")] string? InstanceId
);

public sealed record ProcessPlanCredentials(string ApiToken)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(
        System.Text.Json.JsonSerializerDefaults.Web
    );

    public static ProcessPlanCredentials Parse(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<ProcessPlanCredentials>(json, Json)
            is { ApiToken.Length: > 0 } credentials
            ? credentials
            : throw new PermanentProviderException(
                "The Process Plan connection has no API token: reconnect Process Plan."
            );

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Json);

    public override string ToString() => "ProcessPlanCredentials (redacted)";
}
