using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Syntaskio.Providers.Logging;

/// <summary>
/// One Information line per vendor call: vendor, method, path, status and duration. It replaces HttpClient's own
/// four lines per call (Warning by default); the sync job id comes from the job's logging scope.
/// </summary>
public sealed class VendorCallLogHandler(ILogger logger, string vendor) : DelegatingHandler
{
    public const string Category = "Syntaskio.Providers.VendorCalls";

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var clock = Stopwatch.StartNew();
        var path = request.RequestUri?.AbsolutePath;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            logger.LogInformation(
                "{Vendor} {Method} {Path} answered {StatusCode} in {DurationMs} ms",
                vendor,
                request.Method,
                path,
                (int)response.StatusCode,
                clock.ElapsedMilliseconds
            );
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            logger.LogInformation(
                "{Vendor} {Method} {Path} got no answer after {DurationMs} ms: {Error}",
                vendor,
                request.Method,
                path,
                clock.ElapsedMilliseconds,
                exception.Message
            );
            throw;
        }
    }
}
