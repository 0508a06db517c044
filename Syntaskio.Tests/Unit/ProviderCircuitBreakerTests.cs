using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.UnitTests;

/// <summary>
/// The breaker's verdicts from a circuit state read with the claim, on a fake clock: the paths that decide without
/// touching the database (its repository points at no server, so one that did would fail).
/// </summary>
public sealed class ProviderCircuitBreakerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private int calls;

    [SetUp]
    public void NoCallsYet() => calls = 0;

    [Test]
    public void ExecuteAsync_DefersUntilTheCircuitHalfOpens_WithoutCallingTheVendor_WhenItIsOpen()
    {
        var openUntil = Now.UtcDateTime.AddSeconds(7);
        var state = new CircuitState { ConsecutiveFailures = 5, OpenUntil = openUntil };

        var deferred = Assert.ThrowsAsync<SyncDeferredException>(() =>
            Breaker().ExecuteAsync("microsoft:1", state, CallAsync, CancellationToken.None)
        );

        Assert.That((deferred!.Until, calls), Is.EqualTo((openUntil, 0)));
    }

    [Test]
    public void ExecuteAsync_GivesTheWorkerBackUntilTheHoldEnds_WhenTheVendorsRetryAfterIsLongerThanTwoSeconds()
    {
        var holdUntil = Now.UtcDateTime.AddSeconds(30);
        var state = new CircuitState { HoldUntil = holdUntil };

        var deferred = Assert.ThrowsAsync<SyncDeferredException>(() =>
            Breaker().ExecuteAsync("microsoft:1", state, CallAsync, CancellationToken.None)
        );

        Assert.That((deferred!.Until, calls), Is.EqualTo((holdUntil, 0)));
        Assert.That(deferred.Message, Does.Contain("Retry-After"));
    }

    [Test]
    public async Task ExecuteAsync_CallsTheVendorAndWritesNothing_WhenTheCircuitIsClosedWithoutFailures()
    {
        var expired = new CircuitState { HoldUntil = Now.UtcDateTime.AddSeconds(-1) };

        var result = await Breaker().ExecuteAsync("microsoft:1", new CircuitState(), CallAsync, CancellationToken.None);
        var afterTheHold = await Breaker().ExecuteAsync("microsoft:1", expired, CallAsync, CancellationToken.None);

        Assert.That((result, afterTheHold, calls), Is.EqualTo(("written", "written", 2)));
    }

    private ProviderCircuitBreaker Breaker() =>
        new(
            new ProviderCircuitRepository(NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1")),
            Options.Create(new CircuitBreakerOptions()),
            new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), time),
            time
        );

    private Task<string> CallAsync()
    {
        calls++;
        return Task.FromResult("written");
    }
}
