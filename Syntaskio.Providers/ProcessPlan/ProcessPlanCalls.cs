using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>One Process Plan call with the vendor's failure rules, shared by both dialects.</summary>
internal sealed class ProcessPlanCalls(TimeProvider time)
{
    public const string Provider = "Process Plan";

    public DateTimeOffset Now => time.GetUtcNow();

    public Task<T> SendAsync<T>(RestClient client, RestRequest request, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync<T>(client, request, Provider, Translate, cancellationToken);

    public Task SendAsync(RestClient client, RestRequest request, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync(client, request, Provider, Translate, cancellationToken);

    private ProviderException Translate(RestResponse response) =>
        ProcessPlanErrorTranslator.Translate(response, time.GetUtcNow());
}
