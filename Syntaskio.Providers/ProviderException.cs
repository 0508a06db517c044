namespace Syntaskio.Providers;

/// <summary>A provider call that did not succeed, with what the provider said about it.</summary>
public abstract class ProviderException(
    string message,
    int? httpStatus,
    string? errorCode,
    TimeSpan? retryAfter,
    Exception? innerException
) : Exception(message, innerException)
{
    public int? HttpStatus { get; } = httpStatus;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>How long the provider asked us to wait before calling again, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Timeouts, connection failures, throttling and 5xx: the same call may well succeed later.</summary>
public sealed class TransientProviderException(
    string message,
    int? httpStatus = null,
    string? errorCode = null,
    TimeSpan? retryAfter = null,
    Exception? innerException = null
) : ProviderException(message, httpStatus, errorCode, retryAfter, innerException);

/// <summary>Not found, forbidden, refused by the vendor's rules, malformed: retrying cannot help.</summary>
public sealed class PermanentProviderException(
    string message,
    int? httpStatus = null,
    string? errorCode = null,
    Exception? innerException = null
) : ProviderException(message, httpStatus, errorCode, null, innerException);
