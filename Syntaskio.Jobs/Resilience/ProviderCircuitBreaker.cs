using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Per provider connection: after <see cref="CircuitBreakerOptions.FailureThreshold"/> consecutive retryable
/// failures the circuit opens for <see cref="CircuitBreakerOptions.OpenDuration"/>; a provider's Retry-After
/// holds it shut at least that long. While it is shut, jobs are deferred without calling the provider or
/// spending a retry; when it half-opens one trial call goes through, and a failed trial defers again.
/// A vendor's Retry-After holds every call on the connection until it ends, whichever job makes it.
/// </summary>
public sealed class ProviderCircuitBreaker(
    ProviderCircuitRepository circuits,
    IOptions<CircuitBreakerOptions> options,
    SyncRetryPolicy retryPolicy,
    TimeProvider time
)
{
    public static string KeyFor(string source, ProviderConnection connection) => $"{source}:{connection.Id}";

    /// <summary>Runs <paramref name="call"/> through the circuit, reading its state first.</summary>
    public async Task<T> ExecuteAsync<T>(string key, Func<Task<T>> call, CancellationToken cancellationToken) =>
        await ExecuteAsync(key, await circuits.ReadAsync(key, cancellationToken), call, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> through the circuit whose state was just read with the sync's claim. A success
    /// writes only when that state showed failures: a failure recorded by another worker since is reset by the next
    /// success that sees it.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        string key,
        CircuitState? state,
        Func<Task<T>> call,
        CancellationToken cancellationToken
    )
    {
        var (isTrial, seen) = await EnterAsync(key, state, cancellationToken);
        try
        {
            var result = await call();
            if (seen is { ConsecutiveFailures: > 0 } or { OpenUntil: not null })
                await circuits.RecordSuccessAsync(key, cancellationToken);
            return result;
        }
        catch (TransientProviderException exception)
        {
            var settings = options.Value;
            var shutUntil = await circuits.RecordFailureAsync(
                key,
                settings.FailureThreshold,
                settings.OpenDuration,
                exception.RetryAfter,
                CancellationToken.None
            );
            if (isTrial && shutUntil is { } until)
                throw new SyncDeferredException(
                    until,
                    $"The trial call failed, so the circuit stays open until {until:O}: {exception.Message}",
                    exception
                );
            throw;
        }
    }

    /// <summary>
    /// Whether this call is the half-open trial, and the state it went in with; throws
    /// <see cref="SyncDeferredException"/> when shut.
    /// </summary>
    private async Task<(bool IsTrial, CircuitState? Seen)> EnterAsync(
        string key,
        CircuitState? state,
        CancellationToken cancellationToken
    )
    {
        // A short hold is waited out here; a longer one gives the worker back until it ends.
        while (state?.HoldUntil is { } holdUntil && holdUntil > time.GetUtcNow().UtcDateTime)
        {
            var wait = holdUntil - time.GetUtcNow().UtcDateTime;
            if (wait > retryPolicy.HoldWaitInPlace)
                throw Held(key, holdUntil);
            await Task.Delay(wait, time, cancellationToken);
            state = await circuits.ReadAsync(key, cancellationToken);
        }
        if (state is null)
            return (false, null);
        var now = time.GetUtcNow().UtcDateTime;
        if (state.OpenUntil is { } openUntil && openUntil > now)
            throw Deferred(key, openUntil);
        if (state.ConsecutiveFailures < options.Value.FailureThreshold)
            return (false, state);
        if (await circuits.TryClaimTrialAsync(key, options.Value.OpenDuration, cancellationToken) is not null)
            return (true, state);
        var current = await circuits.ReadAsync(key, cancellationToken);
        throw Deferred(key, current?.OpenUntil ?? now + options.Value.OpenDuration);
    }

    private static SyncDeferredException Deferred(string key, DateTime until) =>
        new(until, $"{key.Split(':')[0]} is not called until {until:O}: its circuit is open after repeated failures.");

    private static SyncDeferredException Held(string key, DateTime until) =>
        new(until, $"{key.Split(':')[0]} asked us (Retry-After) not to call this connection before {until:O}.");
}
