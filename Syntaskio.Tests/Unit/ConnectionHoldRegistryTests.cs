using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers.Holds;

namespace Syntaskio.UnitTests;

/// <summary>ConnectionHoldRegistry on a fake clock: short holds are waited out, long ones refuse the call.</summary>
public sealed class ConnectionHoldRegistryTests
{
    private const string Key = "microsoft:1";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private ConnectionHoldRegistry Registry() =>
        new(new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), time), time);

    [Test]
    public async Task WaitForAsync_ReturnsAtOnce_WhenTheConnectionIsNotHeld() =>
        await Registry().WaitForAsync(Key, CancellationToken.None);

    [Test]
    public async Task WaitForAsync_WaitsOutTheHold_WhenItIsShorterThanTheWaitInPlace()
    {
        var registry = Registry();
        registry.Hold(Key, TimeSpan.FromSeconds(1.5));

        var waiting = registry.WaitForAsync(Key, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.4));
        Assert.That(waiting.IsCompleted, Is.False, "no call inside the hold");
        time.Advance(TimeSpan.FromSeconds(0.1));

        await waiting;
        Assert.That(registry.HeldUntil(Key), Is.Null);
    }

    [Test]
    public void WaitForAsync_RefusesTheCall_WhenTheHoldIsLongerThanTheWaitInPlace()
    {
        var registry = Registry();
        registry.Hold(Key, TimeSpan.FromSeconds(3));

        var held = Assert.ThrowsAsync<ProviderHeldException>(() => registry.WaitForAsync(Key, CancellationToken.None));

        Assert.That(held!.Until, Is.EqualTo(time.GetUtcNow().AddSeconds(3)));
        Assert.That(held.ConnectionKey, Is.EqualTo(Key));
    }

    [Test]
    public void Hold_OnlyGrows_WhenAShorterOneFollows()
    {
        var registry = Registry();
        registry.Hold(Key, TimeSpan.FromSeconds(5));
        registry.Hold(Key, TimeSpan.FromSeconds(1));

        Assert.That(registry.HeldUntil(Key), Is.EqualTo(time.GetUtcNow().AddSeconds(5)));
        Assert.That(registry.HeldUntil("microsoft:2"), Is.Null, "a hold is the connection's alone");
    }
}
