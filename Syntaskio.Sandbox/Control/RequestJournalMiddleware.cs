namespace Syntaskio.Sandbox.Control;

/// <summary>Records every vendor request (before any fault applies) in the <see cref="RequestJournal"/>.</summary>
public sealed class RequestJournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (VendorRoutes.ProviderOf(context.Request.Path) is { } provider)
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync(
                context.RequestAborted
            );
            context.Request.Body.Position = 0;
            var headers = context.Request.Headers.ToDictionary(
                header => header.Key,
                header => header.Value.ToString(),
                StringComparer.OrdinalIgnoreCase
            );
            journal.Add(
                new RecordedRequest(
                    provider,
                    context.Request.Method,
                    context.Request.Path,
                    context.Request.QueryString.Value ?? "",
                    headers,
                    body,
                    time.GetUtcNow()
                )
            );
        }
        await next(context);
    }
}
