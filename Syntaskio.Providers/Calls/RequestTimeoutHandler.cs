namespace Syntaskio.Providers.Calls;

/// <summary>
/// A vendor request's timeout, counted from when the request leaves rather than from when its caller asked: a
/// request waiting out its connection's Retry-After hold (<see cref="Holds.ConnectionHoldHandler"/>, outside this
/// handler) spends none of it there. The answer's body is read inside the timeout too. A timeout ends the request as
/// HttpClient's own would, a <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>, so every
/// client translates it as before.
/// </summary>
public sealed class RequestTimeoutHandler(TimeSpan timeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token);
            await response.Content.LoadIntoBufferAsync(linked.Token);
            return response;
        }
        catch (OperationCanceledException exception)
            when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TaskCanceledException(
                $"The request was canceled after its timeout of {timeout.TotalSeconds:0.###} s.",
                new TimeoutException(exception.Message, exception)
            );
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
