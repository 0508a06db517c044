using System.Net;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// No one person can hold the service's memory: a person's 11th open event stream ends their oldest with a last
/// stream.closed event (counted over every API node in PostgreSQL), and one address past its limit is refused 429.
/// </summary>
public sealed class EventStreamLimitTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ThePersonsEleventhStream_EndsTheirFirst_WithStreamClosed_AndTheOtherTenStayOpen()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var streams = new List<EventStreamClient>();
        try
        {
            for (var i = 0; i < 11; i++)
            {
                streams.Add(await EventStreamClient.OpenAsync(client));
                await streams[^1].NextAsync(Setup);
            }

            var closed = await streams[0].NextAsync(Promise);
            (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();

            Assert.That(closed.Type, Is.EqualTo("stream.closed"));
            Assert.That((string?)closed.Data["reason"], Is.EqualTo("superseded"));
            foreach (var open in streams.Skip(1))
                Assert.That((await open.NextAsync(Setup)).Type, Is.EqualTo("sync.pending"), "still open");
            Assert.That(
                await DatabaseProbe.CountAsync($"SELECT COUNT(*) FROM event_streams WHERE subject = '{user.Subject}'"),
                Is.EqualTo(10)
            );
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    [Test]
    public async Task TwoApiNodes_ShareThePersonsCount()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, _) = await deployment.CreateUserAsync(1);
        var second = await deployment.StartApiAsync();
        using var secondClient = new HttpClient { BaseAddress = second.BaseUrl };
        secondClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var streams = new List<EventStreamClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                streams.Add(await EventStreamClient.OpenAsync(client));
                await streams[^1].NextAsync(Setup);
            }
            streams.Add(await EventStreamClient.OpenAsync(secondClient));
            await streams[^1].NextAsync(Setup);

            var closed = await streams[0].NextAsync(Promise);

            Assert.That((closed.Type, (string?)closed.Data["reason"]), Is.EqualTo(("stream.closed", "superseded")));
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
            client.Dispose();
        }
    }

    [Test]
    public async Task OneStreamPastTheAddressesLimit_IsRefusedWith429AndRetryAfter_UntilOneCloses()
    {
        var settings = new Dictionary<string, string> { ["Sync__Events__MaxStreamsPerAddress"] = "3" };
        await using var deployment = await IsolatedDeployment.StartAsync(apiSettings: settings);
        var (client, _, _) = await deployment.CreateUserAsync(1);
        var streams = new List<EventStreamClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                streams.Add(await EventStreamClient.OpenAsync(client));
                await streams[^1].NextAsync(Setup);
            }

            using var refused = await client.GetAsync("/api/sync/events", HttpCompletionOption.ResponseHeadersRead);
            await streams[0].DisposeAsync();
            streams.RemoveAt(0);
            var reopened = await Eventually.ReturnsAsync(
                async () =>
                {
                    using var response = await client.GetAsync(
                        "/api/sync/events",
                        HttpCompletionOption.ResponseHeadersRead
                    );
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.OK,
                Setup,
                "a place freed by the closed stream"
            );

            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(reopened, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
            client.Dispose();
        }
    }
}
