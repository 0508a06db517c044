using Microsoft.Kiota.Abstractions;

namespace Syntaskio.Providers.Microsoft;

/// <summary>One Graph SDK call, its failures translated into <see cref="ProviderException"/>s.</summary>
internal static class GraphCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ApiException exception)
        {
            throw GraphErrorTranslator.Translate(exception, time.GetUtcNow());
        }
        catch (HttpRequestException exception)
        {
            throw ProviderFailure.FromTransport("Microsoft Graph", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var timeout = new TimeoutException("the request timed out", exception);
            throw ProviderFailure.FromTransport("Microsoft Graph", timeout);
        }
    }
}
