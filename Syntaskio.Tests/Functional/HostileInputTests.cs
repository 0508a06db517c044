using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Malformed and hostile requests get a 4xx with problem details and write nothing.</summary>
public sealed class HostileInputTests
{
    private static readonly string[] Hostile =
    [
        "abc",
        "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f",
        "' OR '1'='1",
        "'; DROP TABLE tasks; --",
        "%00",
        "null",
        "-1",
        "00000000-0000-0000-0000-00000000000g",
        "{}",
        "%0d%0aSet-Cookie:%20x=1",
        "<script>alert(1)</script>",
        "\u202e",
        new string('a', 2000),
    ];

    private static readonly (string ContentType, string Body)[] BadBodies =
    [
        ("application/json", "{"),
        ("application/json", "[]"),
        ("application/json", "null"),
        ("application/json", "{\"choice\":1}"),
        ("application/json", "{\"choice\":\"keep-source\",\"extra\":true}"),
        ("application/json", new string('[', 5000)),
        ("application/json", "{\"choice\":\"" + new string('x', 100_000) + "\"}"),
        ("text/plain", "keep-source"),
        ("application/xml", "<choice>keep-source</choice>"),
        ("application/x-www-form-urlencoded", "choice=keep-source"),
        ("application/json", "{\"choice\":\"keep-source\"}{"),
    ];

    private static IEnumerable<HttpRequestMessage> MalformedRequests(Guid realTask, Random random)
    {
        foreach (var id in Hostile)
        {
            foreach (var action in new[] { "complete", "reopen", "start" })
                yield return new(HttpMethod.Post, $"/api/tasks/{id}/{action}");
            yield return new(HttpMethod.Get, $"/api/sync/jobs/{id}");
            yield return new(HttpMethod.Get, $"/api/sync/jobs/{id}/attempts");
            yield return new(HttpMethod.Post, $"/api/sync/jobs/{id}/retry");
            yield return new(HttpMethod.Get, $"/api/sync/jobs?status={Uri.EscapeDataString(id)}");
            if (id.All(char.IsAscii))
            {
                var lastEventId = new HttpRequestMessage(HttpMethod.Get, "/api/sync/events");
                lastEventId.Headers.TryAddWithoutValidation("Last-Event-ID", id.Length > 500 ? id[..500] : id);
                yield return lastEventId;
            }
            yield return new(HttpMethod.Get, $"/api/sync/events?lastEventId={Uri.EscapeDataString(id)}");
        }
        foreach (var (contentType, body) in BadBodies)
        {
            var resolve = new HttpRequestMessage(HttpMethod.Post, $"/api/sync/jobs/{Guid.NewGuid()}/resolve");
            resolve.Content = new StringContent(body, Encoding.UTF8);
            resolve.Content.Headers.ContentType = new(contentType);
            resolve.Headers.ExpectContinue = body.Length > 60_000;
            yield return resolve;
        }
        foreach (var key in new[] { "", new string('k', 201), "key with spaces", "tab\there" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{realTask}/complete");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            yield return request;
        }
        yield return new(HttpMethod.Get, "/api/sync/jobs?limit=0");
        yield return new(HttpMethod.Get, "/api/sync/jobs?limit=abc");
        yield return new(HttpMethod.Get, $"/api/sync/jobs?limit={random.Next(501, int.MaxValue)}");
        var huge = new HttpRequestMessage(HttpMethod.Post, $"/api/sync/jobs/{Guid.NewGuid()}/resolve")
        {
            Content = new ByteArrayContent(new byte[1_000_000]),
        };
        huge.Content.Headers.ContentType = new("application/json");
        // Kestrel answers 413 as soon as it sees the length; without 100-continue the client may still be
        // sending and see a broken pipe instead of the answer.
        huge.Headers.ExpectContinue = true;
        yield return huge;
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        var noise = new HttpRequestMessage(HttpMethod.Post, $"/api/sync/jobs/{Guid.NewGuid()}/resolve")
        {
            Content = new ByteArrayContent(bytes),
        };
        noise.Content.Headers.ContentType = new("application/json");
        yield return noise;
    }

    [Test]
    public async Task AFewThousandMalformedRequests_GetOnly4xx_AndWriteNothing()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var before = await WrittenRowsAsync();
        var random = new Random(7);
        var answers = new Dictionary<int, int>();
        var wrong = new List<string>();
        var sent = 0;

        while (sent < 3000)
        {
            foreach (var request in MalformedRequests(user.Tasks[0].Id, random))
            {
                var line = $"{request.Method} {request.RequestUri}";
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                answers[status] = answers.GetValueOrDefault(status) + 1;
                if (status is < 400 or >= 500)
                    wrong.Add($"{line} → {status}");
                // Kestrel itself refuses a NUL in the path, before any of our code could write problem details.
                else if (
                    !line.Contains("%00", StringComparison.Ordinal)
                    && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                )
                    wrong.Add($"{line} → {status} without problem details");
                sent++;
            }
        }
        var raw = await SendRawAsync(client.BaseAddress!, user.Tasks[0].Id);

        Assert.That(
            wrong.Distinct().Take(20),
            Is.Empty,
            $"answers: {string.Join(", ", answers.Select(pair => $"{pair.Key}×{pair.Value}"))}"
        );
        Assert.That(raw, Is.All.InRange(400, 499), "raw requests with injected headers and broken request lines");
        Assert.That(await WrittenRowsAsync(), Is.EqualTo(before), "no sync job, audit row or task status was written");
        Assert.That(
            await DatabaseProbe.ScalarAsync("SELECT status FROM tasks WHERE id = @id", ("id", user.Tasks[0].Id)),
            Is.EqualTo("pending")
        );
    }

    [Test]
    public async Task SqlMetacharacters_InEveryStringInput_AreData_NotSql()
    {
        const string evil = "x'); DROP TABLE tasks; -- \" ; /* % _ \\ $1";
        using var anonymous = TestEnvironment.Api.CreateClient();
        var token = await anonymous.PostAsJsonAsync("/dev/token", new { sub = evil, email = evil + "@example.com" });
        using var evilUser = await TestEnvironment.Api.CreateClientAsync(evil);
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{user.Tasks[0].Id}/complete");
        keyed.Headers.Add("Idempotency-Key", "k');DROP--TABLE/**/sync_jobs;%_\\");

        var tasks = await evilUser.GetAsync("/api/tasks");
        var jobs = await evilUser.GetAsync("/api/sync/jobs?status=" + Uri.EscapeDataString(evil));
        var accepted = await client.SendAsync(keyed);
        var ticket = await anonymous.GetAsync(
            "/api/sync/events?ticket=" + Uri.EscapeDataString(evil),
            HttpCompletionOption.ResponseHeadersRead
        );
        using var support = await TestEnvironment.Api.CreateClientAsync("support-sql", "support");
        var audit = await support.GetAsync("/api/admin/audit?taskId=" + Uri.EscapeDataString(evil));

        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            (tasks.StatusCode, jobs.StatusCode, accepted.StatusCode, ticket.StatusCode, audit.StatusCode),
            Is.EqualTo(
                (
                    HttpStatusCode.OK,
                    HttpStatusCode.BadRequest,
                    HttpStatusCode.Accepted,
                    HttpStatusCode.Unauthorized,
                    HttpStatusCode.BadRequest
                )
            )
        );
        Assert.That(
            await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM users WHERE external_id = @evil", ("evil", evil)),
            Is.EqualTo(1),
            "stored as the literal text"
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE idempotency_key = 'k'');DROP--TABLE/**/sync_jobs;%_\\'"
            ),
            Is.EqualTo(1)
        );
        Assert.That(
            await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM tasks"),
            Is.GreaterThan(0),
            "the tables are all still there"
        );
    }

    [Test]
    public async Task Writes_AreRateLimitedPerUser_With429ProblemAndRetryAfter()
    {
        await using var deployment = await IsolatedDeployment.StartAsync(
            apiSettings: new Dictionary<string, string>
            {
                ["RateLimits__PermitsPerSecond"] = "1",
                ["RateLimits__Burst"] = "2",
            }
        );
        var (client, _, tasks) = await deployment.CreateUserAsync(3);
        var (other, _, otherTasks) = await deployment.CreateUserAsync(1);

        var answers = new List<HttpResponseMessage>();
        foreach (var task in tasks)
            answers.Add(await client.PostAsync($"/api/tasks/{task.Id}/complete", null));
        var otherUser = await other.PostAsync($"/api/tasks/{otherTasks[0].Id}/complete", null);

        Assert.That(answers.Take(2).Select(answer => answer.StatusCode), Is.All.EqualTo(HttpStatusCode.Accepted));
        Assert.That(answers[2].StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(answers[2].Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(answers[2].Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the limit is per user");
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs"),
            Is.EqualTo(3),
            "the refused change wrote nothing"
        );
        client.Dispose();
        other.Dispose();
    }

    private static async Task<(long Jobs, long Changes, long Tasks)> WrittenRowsAsync() =>
        (
            await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM sync_jobs"),
            await DatabaseProbe.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'change.%'"),
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM tasks WHERE status <> 'pending' AND updated_at > NOW() - INTERVAL '10 minutes'"
            )
        );

    // Requests HttpClient refuses to build: CR/LF inside header values, a broken request line, a null byte.
    private static async Task<List<int>> SendRawAsync(Uri baseUrl, Guid task)
    {
        string[] requests =
        [
            $"POST /api/tasks/{task}/complete HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\rInjected: "
                + $"b\r\nContent-Length: 0\r\n\r\n",
            "GET /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\nX-Injected: 1\r\n\r\n",
            "GET /api/tasks/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/tasks\0 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GARBAGE\r\n\r\n",
            $"POST /api/tasks/{task}/complete HTTP/1.1\r\nHost: x\r\nIdempotency-Key: ключ\r\nContent-Length: "
                + $"0\r\n\r\n",
            $"GET /{new string('a', 20_000)} HTTP/1.1\r\nHost: x\r\n\r\n",
        ];
        var statuses = new List<int>();
        foreach (var request in requests)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var statusLine = await reader.ReadLineAsync() ?? "";
            statuses.Add(int.Parse(statusLine.Split(' ')[1]));
        }
        return statuses;
    }
}
