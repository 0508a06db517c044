using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Resilience;

namespace Syntaskio.Tests.Integration;

/// <summary>The vendor's Retry-After hold on a connection, on the real database: it only ever grows.</summary>
public sealed class ProviderCircuitRepositoryTests
{
    private static ProviderCircuitRepository Repository =>
        TestEnvironment.Api.Services.GetRequiredService<ProviderCircuitRepository>();

    [Test]
    public async Task Hold_OutlastsALaterSuccess_AndAShorterRetryAfter()
    {
        var key = $"microsoft:{Guid.NewGuid()}";
        var before = DateTime.UtcNow;

        await Repository.RecordFailureAsync(
            key,
            threshold: 100,
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            CancellationToken.None
        );
        await Repository.RecordSuccessAsync(key, CancellationToken.None);
        await Repository.RecordFailureAsync(
            key,
            threshold: 100,
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(1),
            CancellationToken.None
        );
        await Repository.RecordFailureAsync(
            key,
            threshold: 100,
            TimeSpan.FromSeconds(10),
            retryAfter: null,
            CancellationToken.None
        );
        var state = await Repository.ReadAsync(key, CancellationToken.None);

        Assert.That(state!.HoldUntil, Is.GreaterThanOrEqualTo(before.AddSeconds(29)), "still the first, longest hold");
        Assert.That(state.OpenUntil, Is.Null, "below the threshold the circuit itself stays closed");
    }
}
