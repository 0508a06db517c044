using Syntaskio.Providers;

namespace Syntaskio.UnitTests;

public sealed class ProviderFailureTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [TestCase(401, true)]
    [TestCase(408, true)]
    [TestCase(429, true)]
    [TestCase(500, true)]
    [TestCase(503, true)]
    [TestCase(400, false)]
    [TestCase(403, false)]
    [TestCase(404, false)]
    [TestCase(409, false)]
    public void FromHttp_ClassifiesAsTheStorySays(int status, bool retryable)
    {
        var exception = ProviderFailure.FromHttp(status, "code", "message", null);

        Assert.That(
            exception,
            retryable ? Is.InstanceOf<TransientProviderException>() : Is.InstanceOf<PermanentProviderException>()
        );
        Assert.That(exception.HttpStatus, Is.EqualTo(status));
    }

    [Test]
    public void ParseRetryAfter_ReadsDeltaSeconds()
    {
        Assert.That(ProviderFailure.ParseRetryAfter("7", Now), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void ParseRetryAfter_ReadsHttpDate_RelativeToNow()
    {
        Assert.That(
            ProviderFailure.ParseRetryAfter("Wed, 25 Nov 2026 08:00:30 GMT", Now),
            Is.EqualTo(TimeSpan.FromSeconds(30))
        );
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-5")]
    public void ParseRetryAfter_ReturnsNull_WhenValueIsNotAValidRetryAfter(string? value)
    {
        Assert.That(ProviderFailure.ParseRetryAfter(value, Now), Is.Null);
    }
}
