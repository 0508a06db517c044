using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The shared limits on the real database: a token bucket per connection and concurrency slots with leases.
/// </summary>
public sealed class ProviderThrottleRepositoryTests
{
    private static ProviderThrottleRepository Repository =>
        TestEnvironment.Api.Services.GetRequiredService<ProviderThrottleRepository>();

    [Test]
    public async Task TryTakeToken_GivesABurstOfATenthOfAMinute_ThenSaysHowLongToWait()
    {
        var key = $"connectwise:{Guid.NewGuid()}";

        var burst = new List<TimeSpan?>();
        for (var i = 0; i < 7; i++)
            burst.Add(await Repository.TryTakeTokenAsync(key, perMinute: 60, CancellationToken.None));

        Assert.That(burst.Take(6), Has.All.Null, "60 a minute allows a burst of 6");
        Assert.That(
            burst[6],
            Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)),
            "the next token comes within a second"
        );
    }

    [Test]
    public async Task TryAcquireSlot_AllowsOnlyTheConfiguredNumber_AndAReleasedSlotIsFreeAgain()
    {
        var key = $"microsoft:{Guid.NewGuid()}";
        var holders = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        var acquired = new List<bool>();
        foreach (var holder in holders)
            acquired.Add(
                await Repository.TryAcquireSlotAsync(key, 4, holder, TimeSpan.FromMinutes(1), CancellationToken.None)
            );
        await Repository.ReleaseSlotAsync(key, holders[0]);
        var afterRelease = await Repository.TryAcquireSlotAsync(
            key,
            4,
            holders[4],
            TimeSpan.FromMinutes(1),
            CancellationToken.None
        );

        Assert.That(acquired, Is.EqualTo(new[] { true, true, true, true, false }));
        Assert.That(afterRelease, Is.True);
    }

    [Test]
    public async Task TryAcquireSlot_TakesOverASlot_WhoseLeaseLapsed()
    {
        var key = $"microsoft:{Guid.NewGuid()}";
        Assert.That(
            await Repository.TryAcquireSlotAsync(
                key,
                1,
                Guid.NewGuid(),
                TimeSpan.FromMilliseconds(1),
                CancellationToken.None
            ),
            Is.True
        );

        var takenOver = await Infrastructure.Eventually.ReturnsAsync(
            () =>
                Repository.TryAcquireSlotAsync(key, 1, Guid.NewGuid(), TimeSpan.FromMinutes(1), CancellationToken.None),
            acquired => acquired,
            TimeSpan.FromSeconds(5),
            "the lapsed slot to be free"
        );

        Assert.That(takenOver, Is.True);
    }

    [Test]
    public async Task TryEnterNow_GivesTheWatcherNoRoom_WhileSyncsHoldEverySlot_AndRoomOnceOneIsFree()
    {
        var key = $"microsoft:{Guid.NewGuid()}";
        var throttle = TestEnvironment.Api.Services.GetRequiredService<ProviderThrottle>();
        var syncs = new List<IAsyncDisposable>();
        for (var i = 0; i < 4; i++)
            syncs.Add(await throttle.EnterAsync("microsoft", key, Guid.NewGuid(), CancellationToken.None));

        var whileBusy = await throttle.TryEnterNowAsync("microsoft", key, Guid.NewGuid(), CancellationToken.None);
        await syncs[0].DisposeAsync();
        var afterOne = await throttle.TryEnterNowAsync("microsoft", key, Guid.NewGuid(), CancellationToken.None);

        Assert.That(whileBusy, Is.Null, "To Do's four slots per mailbox are the writes'");
        Assert.That(afterOne, Is.Not.Null);
        await afterOne!.DisposeAsync();
        foreach (var sync in syncs.Skip(1))
            await sync.DisposeAsync();
    }
}
