using RestSharp;
using Syntaskio.Providers.Rest;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// Reads ConnectWise's {"code","message","errors":[{"code","message","resource","field"}]} body into the message.
/// A 401 here means the API keys are wrong, which no retry or refresh can mend, so it is permanent.
/// </summary>
internal static class ConnectWiseErrorTranslator
{
    public static ProviderException Translate(RestResponse response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var error = ErrorBody.Parse<CwError>(response.Content);
        var details = error?.Errors is { Count: > 0 } errors
            ? " ("
                + string.Join(
                    "; ",
                    errors.Select(detail => $"{detail.Code} {detail.Resource}/{detail.Field}: {detail.Message}")
                )
                + ")"
            : "";
        var message =
            $"ConnectWise answered {status} {error?.Code}: {error?.Message ?? response.StatusDescription}{details}";
        if (status == 401)
            return new PermanentProviderException(
                message + " (check the API member's keys and clientId)",
                status,
                error?.Code
            );
        var retryAfter = ProviderFailure.ParseRetryAfter(RestExecution.Header(response, "Retry-After"), now);
        return ProviderFailure.FromHttp(status, error?.Code, message, retryAfter);
    }
}
