using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>One connection's calls: the headers every ConnectWise request needs, and its error translation.</summary>
internal sealed class ConnectWiseSession(
    RestClient client,
    ConnectWiseCredentials credentials,
    string site,
    TimeProvider time
) : IDisposable
{
    public string Site { get; } = site;

    public Task<T> GetAsync<T>(
        string path,
        CancellationToken cancellationToken,
        params (string Name, string Value)[] query
    )
    {
        var request = Request(path, Method.Get);
        foreach (var (name, value) in query)
            request.AddQueryParameter(name, value);
        return RestExecution.ExecuteAsync<T>(
            client,
            request,
            ConnectWiseTicketClient.Provider,
            Translate,
            cancellationToken
        );
    }

    public Task PatchAsync(string path, CwPatchOperation operation, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync(
            client,
            Request(path, Method.Patch).AddJsonBody(new[] { operation }),
            ConnectWiseTicketClient.Provider,
            Translate,
            cancellationToken
        );

    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync<T>(
            client,
            Request(path, Method.Post).AddJsonBody(body),
            ConnectWiseTicketClient.Provider,
            Translate,
            cancellationToken
        );

    public Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        RestExecution.ExecuteAsync(
            client,
            Request(path, Method.Delete),
            ConnectWiseTicketClient.Provider,
            Translate,
            cancellationToken
        );

    // ConnectWise versions its API by media type: asking for the version this client is written to keeps its
    // answers' shape fixed when the site is upgraded.
    private const string MediaType = "application/vnd.connectwise.com+json; version=2022.1";

    private RestRequest Request(string path, Method method) =>
        new RestRequest(path, method)
            .AddHeader("Accept", MediaType)
            .AddHeader("Authorization", credentials.AuthorizationHeader())
            .AddHeader("clientId", credentials.ClientId);

    private ProviderException Translate(RestResponse response) =>
        ConnectWiseErrorTranslator.Translate(response, time.GetUtcNow());

    public void Dispose() => client.Dispose();
}
