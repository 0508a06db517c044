namespace Syntaskio.Providers.Calls;

/// <summary>
/// Tells the current <see cref="VendorCall"/> when a write's outcome cannot be known: the write got no answer (a
/// reset, the client's timeout after it was sent), or it was answered and the read that checks it then failed.
/// A write the vendor refused (4xx, 5xx) did not land, and one checked by a read that answered is known.
/// </summary>
public sealed class UnansweredWriteHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var call = VendorCallScope.Call;
        var write = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception exception)
            when (call is not null && exception is HttpRequestException or OperationCanceledException)
        {
            if (write)
                call.WriteUnanswered();
            else
                call.ReadAnswered(succeeded: false);
            throw;
        }
        if (call is not null && write && response.IsSuccessStatusCode)
            call.WriteAnswered();
        else if (call is not null && !write)
            call.ReadAnswered(response.IsSuccessStatusCode);
        return response;
    }
}
