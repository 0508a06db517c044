using System.Net;
using Syntaskio.Providers.Calls;

namespace Syntaskio.Providers.Holds;

/// <summary>
/// Every request to a vendor's API on a held connection waits until the hold ends, or is not sent (<see
/// cref="ProviderHeldException"/>): writes, the reads before them, read-backs and the watcher's reads alike, including
/// those of syncs already running when the hold began (the connection is the current VendorCall's). A 429 or 503 with
/// Retry-After starts a hold here, before the answer even reaches its caller, so a sync running beside it in this
/// process holds at once.
/// </summary>
public sealed class ConnectionHoldHandler(IConnectionHolds holds, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var key = VendorCallScope.Call?.ConnectionKey;
        if (key is null)
            return await base.SendAsync(request, cancellationToken);
        await holds.WaitForAsync(key, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (
            response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && RetryAfterOf(response) is { } retryAfter
        )
            holds.Hold(key, retryAfter);
        return response;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when date > time.GetUtcNow() => date - time.GetUtcNow(),
            _ => null,
        };
}
