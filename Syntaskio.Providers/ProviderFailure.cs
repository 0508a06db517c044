using System.Globalization;
using System.Net;

namespace Syntaskio.Providers;

/// <summary>The story's error strategy in one place: which HTTP answers are worth retrying.</summary>
public static class ProviderFailure
{
    public static bool IsRetryable(int httpStatus) =>
        httpStatus
            is (int)HttpStatusCode.RequestTimeout
                or (int)HttpStatusCode.TooManyRequests
                or (int)HttpStatusCode.Unauthorized
        || httpStatus >= 500;

    public static ProviderException FromHttp(
        int httpStatus,
        string? errorCode,
        string message,
        TimeSpan? retryAfter,
        Exception? inner = null
    ) =>
        IsRetryable(httpStatus)
            ? new TransientProviderException(message, httpStatus, errorCode, retryAfter, inner)
            : new PermanentProviderException(message, httpStatus, errorCode, inner);

    /// <summary>A call that never got an HTTP answer: refused connection, reset, or our own timeout.</summary>
    public static TransientProviderException FromTransport(string provider, Exception exception) =>
        new($"{provider} could not be reached: {exception.Message}", innerException: exception);

    /// <summary>Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3).</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (
            DateTimeOffset.TryParseExact(
                value,
                "r",
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var date
            )
        )
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
