using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Limits that hold in a deployment of many nodes: a user's write budget is one, whichever API node takes
/// the write; a flood of a route that takes no token is refused per address before anything reaches the database.
/// </summary>
public sealed class RequestLimitsTests
{
    [Test]
    public async Task Writes_DrawOnOneBudget_WhenTwoApiNodesTakeThem()
    {
        const int burst = 10;
        await using var deployment = await IsolatedDeployment.StartAsync(
            apiSettings: new Dictionary<string, string>
            {
                ["RateLimits__PermitsPerSecond"] = "1",
                ["RateLimits__Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }
        );
        var second = await deployment.StartApiAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(2 * burst);
        using var secondClient = new HttpClient { BaseAddress = second.BaseUrl };
        secondClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;

        var elapsed = Stopwatch.StartNew();
        var answers = await Task.WhenAll(
            tasks.Select(
                (task, i) => (i % 2 == 0 ? client : secondClient).PostAsync($"/api/tasks/{task.Id}/complete", null)
            )
        );
        var refills = (int)Math.Ceiling(elapsed.Elapsed.TotalSeconds);

        var accepted = answers.Count(answer => answer.StatusCode == HttpStatusCode.Accepted);
        TestContext.Out.WriteLine(
            $"{accepted} of {answers.Length} accepted across two nodes in {elapsed.ElapsedMilliseconds} ms"
        );
        Assert.That(accepted, Is.InRange(burst, burst + refills), "one budget of 10, not one per node");
        Assert.That(
            answers.Select(answer => answer.StatusCode).Where(status => status != HttpStatusCode.Accepted),
            Has.All.EqualTo(HttpStatusCode.TooManyRequests)
        );
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs"),
            Is.EqualTo(accepted),
            "a refused write wrote nothing"
        );
        client.Dispose();
    }

    [Test]
    public async Task RoutesWithoutAToken_AreLimitedPerAddress_WithoutTheDatabase()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        var limits = new Dictionary<string, string>
        {
            ["RateLimits__AddressBurst"] = "3",
            ["RateLimits__AddressPermitsPerMinute"] = "1",
        };
        await using var deployment = await IsolatedDeployment.StartAsync(postgres.ConnectionString, limits);
        using var anonymous = new HttpClient { BaseAddress = deployment.Api.BaseUrl };
        await postgres.CrashServerAsync();

        var reached = new List<HttpStatusCode>();
        const string callback = "/api/connections/microsoft/callback?state=s&code=c";
        for (var i = 0; i < 3; i++)
            reached.Add((await anonymous.GetAsync(callback)).StatusCode);
        var flooded = await anonymous.GetAsync(callback);
        var token = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "flood" });

        Assert.That(reached, Has.All.Not.EqualTo(HttpStatusCode.TooManyRequests), "the burst reaches the route");
        Assert.That(
            (flooded.StatusCode, token.StatusCode),
            Is.EqualTo((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests)),
            "refused with the database down: the limit needs nothing from it"
        );
        Assert.That(flooded.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(flooded.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
