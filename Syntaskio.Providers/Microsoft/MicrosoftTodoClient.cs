using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Syntaskio.Providers.Inbound;
using GraphTaskStatus = Microsoft.Graph.Models.TaskStatus;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// Microsoft To Do through the Graph SDK: GET /me/todo/lists/{listId}/tasks/{taskId}, PATCH it unless it already has
/// the wanted status, then GET it back. A token within <see cref="RefreshAhead"/> of its stored expiry is refreshed
/// first. The HttpClient comes from the factory without the SDK's retry handler: Hangfire owns retries. An expired
/// access token (401) is refreshed once through the credential store and the call is retried at once, once.
/// </summary>
public sealed class MicrosoftTodoClient(
    IHttpClientFactory httpClientFactory,
    MicrosoftTokenClient tokens,
    IConnectionCredentialStore credentialStore,
    TimeProvider timeProvider
) : ITaskStatusWriter, ITaskChangeFeed, ITaskChangeSubscriptions
{
    public const string HttpClientName = "microsoft-graph";

    /// <summary>How long before its stored expiry an access token is refreshed ahead of a call.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);

    public Task<ProviderWriteResult> ApplyAsync(
        ProviderStatusChange change,
        ProviderConnection connection,
        CancellationToken cancellationToken
    )
    {
        var listId = change.ContainerId
            ?? throw new PermanentProviderException($"To Do task {change.ExternalId} has no list id.");
        return WithAccessTokenAsync(
            connection,
            accessToken => ApplyWithTokenAsync(change, listId, connection.BaseUrl, accessToken, cancellationToken),
            cancellationToken
        );
    }

    /// <summary>Every To Do task can be reopened and started (Graph's notStarted and inProgress).</summary>
    public TaskCapabilities CapabilitiesOf(string kind) => new(CanReopen: true, CanStart: true);

    public Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        CancellationToken cancellationToken
    ) => ReadChangesAsync(connection, cursor, knownTasks, [], cancellationToken);

    public async Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection,
        string? cursor,
        KnownTasks knownTasks,
        IReadOnlyCollection<string> notified,
        CancellationToken cancellationToken
    ) =>
        await WithAccessTokenAsync(
            connection,
            accessToken =>
                new MicrosoftTodoDelta(CreateGraphClient(connection.BaseUrl, accessToken), timeProvider).ReadAsync(
                    cursor,
                    notified,
                    cancellationToken
                ),
            cancellationToken
        );

    public async Task<IReadOnlyList<VendorTaskChange>> ReadTasksAsync(
        ProviderConnection connection,
        IReadOnlyList<KnownTask> tasks,
        CancellationToken cancellationToken
    ) =>
        await WithAccessTokenAsync(
            connection,
            accessToken =>
                new MicrosoftTodoDelta(CreateGraphClient(connection.BaseUrl, accessToken), timeProvider).ReadEachAsync(
                    tasks,
                    cancellationToken
                ),
            cancellationToken
        );

    public Task<ChangeSubscription> SubscribeAsync(
        ProviderConnection connection,
        ChangeSubscriptionRequest request,
        CancellationToken cancellationToken
    ) =>
        WithAccessTokenAsync(
            connection,
            accessToken => Subscriptions(connection, accessToken).SubscribeAsync(request, cancellationToken),
            cancellationToken
        );

    public Task<DateTimeOffset?> RenewAsync(
        ProviderConnection connection,
        string subscriptionId,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    ) =>
        WithAccessTokenAsync(
            connection,
            accessToken =>
                Subscriptions(connection, accessToken).RenewAsync(subscriptionId, expiresAt, cancellationToken),
            cancellationToken
        );

    /// <summary>Each list's subscription is the connection's own: Graph notifies per mailbox.</summary>
    public string? SharedScopeOf(ProviderConnection connection) => null;

    public Task UnsubscribeAsync(
        ProviderConnection connection,
        string subscriptionId,
        CancellationToken cancellationToken
    ) =>
        WithAccessTokenAsync(
            connection,
            async accessToken =>
            {
                await Subscriptions(connection, accessToken).UnsubscribeAsync(subscriptionId, cancellationToken);
                return true;
            },
            cancellationToken
        );

    private MicrosoftTodoSubscriptions Subscriptions(ProviderConnection connection, string accessToken) =>
        new(CreateGraphClient(connection.BaseUrl, accessToken), timeProvider);

    private async Task<T> WithAccessTokenAsync<T>(
        ProviderConnection connection,
        Func<string, Task<T>> call,
        CancellationToken cancellationToken
    )
    {
        var credentials = MicrosoftCredentials.Parse(connection.CredentialsJson);
        var stored = connection.CredentialsJson;
        // A token about to expire is refreshed first (single flight, as after a 401), so no call is spent on a 401.
        if (
            credentials.ExpiresAt is { } expiresAt
            && expiresAt - timeProvider.GetUtcNow() < RefreshAhead
            && credentials.RefreshToken is not null
        )
        {
            stored = await credentialStore.RefreshAsync(connection, stored, tokens.RefreshAsync, cancellationToken);
            credentials = MicrosoftCredentials.Parse(stored);
        }
        try
        {
            return await call(credentials.AccessToken);
        }
        catch (TransientProviderException expired) when (expired.HttpStatus == 401)
        {
            var refreshed = await credentialStore.RefreshAsync(
                connection,
                stored,
                tokens.RefreshAsync,
                cancellationToken
            );
            try
            {
                return await call(MicrosoftCredentials.Parse(refreshed).AccessToken);
            }
            catch (TransientProviderException refused) when (refused.HttpStatus == 401)
            {
                // A token minted a moment ago is refused: retrying cannot help, the account's grant is gone.
                throw new PermanentProviderException(
                    "Microsoft refused a freshly refreshed token (401): reconnect your Microsoft account.",
                    401,
                    refused.ErrorCode,
                    refused
                );
            }
        }
    }

    private async Task<ProviderWriteResult> ApplyWithTokenAsync(
        ProviderStatusChange change,
        string listId,
        Uri baseUrl,
        string accessToken,
        CancellationToken cancellationToken
    )
    {
        var task = CreateGraphClient(baseUrl, accessToken).Me.Todo.Lists[listId].Tasks[change.ExternalId];
        var wanted = TodoStatuses.ToGraph(change.Target);

        // A task that already has the wanted status costs no write (a retried or repeated change).
        var current = await CallGraphAsync(
            () => task.GetAsync(cancellationToken: cancellationToken),
            cancellationToken
        );
        ProviderConflictException.ThrowIfChanged(
            "Microsoft To Do",
            change.ExpectedVendorStatus,
            TodoStatuses.VendorName(current?.Status),
            current?.Status == GraphTaskStatus.Completed,
            current?.Status == wanted,
            TodoStatuses.VendorName(wanted)
        );
        if (current?.Status == wanted)
            return new ProviderWriteResult(
                TodoStatuses.VendorName(current.Status),
                current.Status == GraphTaskStatus.Completed,
                VendorModifiedAt: current.LastModifiedDateTime
            );

        // Graph answers the PATCH with the task as stored: a separate read-back would be one more call, and one more
        // that could fail after the change had landed, leaving the task showing a state the source no longer has.
        var readBack = await CallGraphAsync(
            () => task.PatchAsync(new TodoTask { Status = wanted }, cancellationToken: cancellationToken),
            cancellationToken
        ) ?? throw new TransientProviderException("Microsoft Graph answered the change without the task.");

        if (readBack.Status != wanted)
        {
            throw new TransientProviderException(
                $"Microsoft To Do did not keep the change: the task reads back as {readBack.Status}, not {wanted}."
            );
        }
        return new ProviderWriteResult(
            TodoStatuses.VendorName(readBack.Status),
            readBack.Status == GraphTaskStatus.Completed,
            VendorModifiedAt: readBack.LastModifiedDateTime
        );
    }

    private GraphServiceClient CreateGraphClient(Uri baseUrl, string accessToken)
    {
        var authentication = new BaseBearerTokenAuthenticationProvider(
            new ConnectionAccessTokenProvider(accessToken, baseUrl)
        );
        return new GraphServiceClient(
            httpClientFactory.CreateClient(HttpClientName),
            authentication,
            baseUrl.ToString().TrimEnd('/')
        );
    }

    private Task<T> CallGraphAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        GraphCall.RunAsync(call, timeProvider, cancellationToken);
}
