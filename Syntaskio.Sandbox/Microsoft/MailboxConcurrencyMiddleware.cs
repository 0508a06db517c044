using System.Collections.Concurrent;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Graph's Outlook-family limit of 4 concurrent requests per app and mailbox: a fifth request in flight is answered
/// 429 (MailboxConcurrency) with Retry-After, and counted, so tests can see whether a client respects the limit.
/// </summary>
public sealed class MailboxConcurrencyMiddleware(RequestDelegate next, TodoStore store, ThrottleCounter throttled)
{
    public const int Limit = 4;
    private readonly ConcurrentDictionary<string, int> inFlight = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var mailbox =
            context.Request.Path.StartsWithSegments(GraphTodoApi.BasePath)
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
                ? store.MailboxOf(header["Bearer ".Length..])
                : null;
        if (mailbox is null)
        {
            await next(context);
            return;
        }
        if (inFlight.AddOrUpdate(mailbox, 1, (_, count) => count + 1) > Limit)
        {
            inFlight.AddOrUpdate(mailbox, 0, (_, count) => count - 1);
            throttled.Add();
            context.Response.Headers.RetryAfter = "1";
            await GraphErrors.Write(
                context,
                429,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit."
            );
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            inFlight.AddOrUpdate(mailbox, 0, (_, count) => count - 1);
        }
    }
}

/// <summary>How many requests the emulator answered 429 for a limit (not for an injected fault).</summary>
public sealed class ThrottleCounter
{
    private int count;

    public int Value => Volatile.Read(ref count);

    public void Add() => Interlocked.Increment(ref count);
}
