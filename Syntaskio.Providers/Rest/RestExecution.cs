using RestSharp;
using Syntaskio.Providers.Holds;

namespace Syntaskio.Providers.Rest;

/// <summary>
/// One RestSharp call with our failure rules: no answer is transient, an HTTP error goes through the vendor's own
/// translator (which reads its error body), and an empty success body is a failure, never a null.
/// </summary>
internal static class RestExecution
{
    public static async Task<T> ExecuteAsync<T>(
        RestClient client,
        RestRequest request,
        string provider,
        Func<RestResponse, ProviderException> translateError,
        CancellationToken cancellationToken
    )
    {
        var response = await client.ExecuteAsync<T>(request, cancellationToken);
        ThrowIfFailed(response, provider, translateError, cancellationToken);
        return response.Data
            ?? throw new TransientProviderException(
                $"{provider} answered {(int)response.StatusCode} with a body we could not read."
            );
    }

    public static async Task ExecuteAsync(
        RestClient client,
        RestRequest request,
        string provider,
        Func<RestResponse, ProviderException> translateError,
        CancellationToken cancellationToken
    )
    {
        var response = await client.ExecuteAsync(request, cancellationToken);
        ThrowIfFailed(response, provider, translateError, cancellationToken);
    }

    public static string? Header(RestResponse response, string name) =>
        response
            .Headers?.FirstOrDefault(header => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            ?.Value?.ToString();

    private static void ThrowIfFailed(
        RestResponse response,
        string provider,
        Func<RestResponse, ProviderException> translateError,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        // RestSharp marks an HTTP error answer as ResponseStatus.Error too, so an answer's status code decides first.
        if (response.StatusCode != 0)
        {
            if (!response.IsSuccessStatusCode)
                throw translateError(response);
            return;
        }
        if (response.ErrorException is ProviderHeldException held)
            throw held;
        if (
            response.ResponseStatus == ResponseStatus.TimedOut
            || response.ErrorException is TaskCanceledException or TimeoutException
        )
            throw ProviderFailure.FromTransport(
                provider,
                new TimeoutException("the request timed out", response.ErrorException)
            );
        throw ProviderFailure.FromTransport(
            provider,
            response.ErrorException ?? new HttpRequestException(response.ErrorMessage)
        );
    }
}
