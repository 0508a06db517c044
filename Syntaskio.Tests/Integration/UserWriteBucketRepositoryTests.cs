using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>The per-user write bucket every API node shares, on the real database.</summary>
public sealed class UserWriteBucketRepositoryTests
{
    private static UserWriteBucketRepository Repository =>
        TestEnvironment.Api.Services.GetRequiredService<UserWriteBucketRepository>();

    [Test]
    public async Task TryTake_GivesTheBurst_ThenSaysHowLongUntilTheNextToken()
    {
        var user = $"bucket-{Guid.NewGuid()}";

        var answers = new List<TimeSpan?>();
        for (var i = 0; i < 4; i++)
            answers.Add(await Repository.TryTakeAsync(user, capacity: 3, perSecond: 0.5, CancellationToken.None));

        Assert.That(answers.Take(3), Has.All.Null, "a burst of 3");
        Assert.That(
            answers[3],
            Is.Not.Null.And.GreaterThan(TimeSpan.FromSeconds(1.5)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(2)),
            "one token every 2 s"
        );
    }

    [Test]
    public async Task DeleteRefilled_DeletesOnlyBucketsFullAgain()
    {
        var (idle, busy) = ($"bucket-{Guid.NewGuid()}", $"bucket-{Guid.NewGuid()}");
        await Repository.TryTakeAsync(idle, capacity: 3, perSecond: 1, CancellationToken.None);
        await Repository.TryTakeAsync(busy, capacity: 3, perSecond: 1, CancellationToken.None);
        await DatabaseProbe.CountAsync(
            "WITH aged AS (UPDATE user_write_buckets SET refilled_at = NOW() - INTERVAL '1 minute' "
                + "WHERE user_key = @key RETURNING 1) SELECT COUNT(*) FROM aged",
            ("key", idle)
        );

        await Repository.DeleteRefilledAsync(TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM user_write_buckets WHERE user_key = @key",
                ("key", idle)
            ),
            Is.Zero
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM user_write_buckets WHERE user_key = @key",
                ("key", busy)
            ),
            Is.EqualTo(1)
        );
    }
}
