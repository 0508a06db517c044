using Microsoft.Extensions.Options;
using RestSharp;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Process Plan steps through RestSharp, in the dialect Providers:ProcessPlan:Api names: the vendor's published v4
/// API (the default) or the story's contract. Both live behind this one provider, each with its routes in one class.
/// </summary>
public sealed class ProcessPlanStepClient(
    IHttpClientFactory httpClientFactory,
    IOptions<ProcessPlanOptions> options,
    TimeProvider time
) : ITaskStatusWriter, ITaskChangeFeed
{
    public const string HttpClientName = "processplan";
    private static readonly TaskCapabilities Story = new(CanReopen: true, CanStart: true);
    private static readonly TaskCapabilities V4 = new(CanReopen: false, CanStart: false, ProcessPlanV4Dialect.NoStart);
    private readonly ProcessPlanCalls calls = new(time);

    private bool SpeaksV4 => options.Value.Api == ProcessPlanOptions.V4;

    public async Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        ProviderConnection connection,
        CancellationToken cancellationToken
    )
    {
        var credentials = ProcessPlanCredentials.Parse(connection.CredentialsJson);
        using var client = Client(connection.BaseUrl);
        return SpeaksV4
            ? await new ProcessPlanV4Dialect(calls).ApplyAsync(change, client, credentials, cancellationToken)
            : await new ProcessPlanStoryDialect(calls).ApplyAsync(change, client, credentials, cancellationToken);
    }

    public TaskCapabilities CapabilitiesOf(string kind) => SpeaksV4 ? V4 : Story;

    /// <summary>v4's pending lists (<see cref="ProcessPlanPendingFeed"/>); the story's contract has no feed.</summary>
    public async Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        CancellationToken cancellationToken
    )
    {
        if (!SpeaksV4)
            return null;
        var credentials = ProcessPlanCredentials.Parse(connection.CredentialsJson);
        using var client = Client(connection.BaseUrl);
        var feed = new ProcessPlanPendingFeed(new ProcessPlanV4Dialect(calls), time);
        var open = (await knownTasks(cancellationToken)).Where(task => !task.Done).ToList();
        return await feed.ReadAsync(client, credentials, open, cancellationToken);
    }

    public async Task<IReadOnlyList<VendorTaskChange>> ReadTasksAsync(
        ProviderConnection connection,
        IReadOnlyList<KnownTask> tasks,
        CancellationToken cancellationToken
    )
    {
        if (!SpeaksV4)
            return [];
        var credentials = ProcessPlanCredentials.Parse(connection.CredentialsJson);
        using var client = Client(connection.BaseUrl);
        var feed = new ProcessPlanPendingFeed(new ProcessPlanV4Dialect(calls), time);
        return await feed.ReadEachAsync(client, credentials, tasks, cancellationToken);
    }

    /// <summary>
    /// Checks an API token before it is stored (v4's template list); what the person knows the account by.
    /// </summary>
    public async Task<string> DescribeAccountAsync(
        Uri baseUrl,
        ProcessPlanCredentials credentials,
        CancellationToken cancellationToken
    )
    {
        if (!SpeaksV4)
            throw new PermanentProviderException(
                "Connecting Process Plan needs the v4 API (Providers:ProcessPlan:Api)."
            );
        using var client = Client(baseUrl);
        return await new ProcessPlanV4Dialect(calls).DescribeAsync(client, credentials, baseUrl, cancellationToken);
    }

    private RestClient Client(Uri baseUrl) =>
        new(httpClientFactory.CreateClient(HttpClientName), new RestClientOptions(baseUrl));
}
