using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ProcessPlan;

/// <summary>
/// Process Plan's {"code","message"} errors. Unmet dependencies (409) and invalid transitions (422) are permanent.
/// A locked process (423) is transient only when the answer carries Retry-After, which marks the lock as temporary
/// (someone is editing the process); a lock without it is an administrative lock that waiting will not lift.
/// </summary>
internal static class ProcessPlanErrorTranslator
{
    public static ProviderException Translate(RestResponse response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var error = ErrorBody.Parse<PpError>(response.Content);
        // The v4 error body is not documented: without a message we know, the raw text is kept.
        var said = error?.Message
            ?? (string.IsNullOrWhiteSpace(response.Content) ? response.StatusDescription : response.Content.Trim());
        var message = $"Process Plan answered {status} {error?.Code}: {(said?.Length > 300 ? said[..300] : said)}";
        var retryAfter = ProviderFailure.ParseRetryAfter(RestExecution.Header(response, "Retry-After"), now);
        return status switch
        {
            401 => new PermanentProviderException(message + " (check the API token)", status, error?.Code),
            423 when retryAfter is not null => new TransientProviderException(message, status, error?.Code, retryAfter),
            423 => new PermanentProviderException(message, status, error?.Code),
            _ => ProviderFailure.FromHttp(status, error?.Code, message, retryAfter),
        };
    }
}
