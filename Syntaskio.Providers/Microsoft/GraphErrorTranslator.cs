using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Syntaskio.Providers.Microsoft;

/// <summary>Turns the SDK's ODataError (or a bare ApiException for non-JSON bodies) into our failure types.</summary>
internal static class GraphErrorTranslator
{
    public static ProviderException Translate(ApiException exception, DateTimeOffset now)
    {
        var status = exception.ResponseStatusCode;
        var retryAfter = ProviderFailure.ParseRetryAfter(Header(exception, "Retry-After"), now);
        if (exception is ODataError { Error: { } error })
        {
            var message = $"Microsoft Graph answered {status} {error.Code}: {error.Message}";
            if (status == 401 && error.Code == "InvalidAuthenticationToken")
                message += " (the access token is expired or invalid)";
            return ProviderFailure.FromHttp(status, error.Code, message, retryAfter, exception);
        }
        return ProviderFailure.FromHttp(
            status,
            null,
            $"Microsoft Graph answered {status}: {exception.Message}",
            retryAfter,
            exception
        );
    }

    private static string? Header(ApiException exception, string name) =>
        exception
            .ResponseHeaders.FirstOrDefault(header =>
                string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)
            )
            .Value?.FirstOrDefault();
}
