using System.Diagnostics;
using OpenTelemetry.Trace;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>One trace from the click to the vendor, read from an in-memory exporter.</summary>
public sealed class TracingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task OneChange_IsOneTrace_FromThePostThroughItsAttemptToTheVendorsHttpCall()
    {
        var spans = new List<Activity>();
        // A database of its own, so this host's workers run the job and its exporter sees the attempt.
        var api = new SyncApiFactory(
            await TestEnvironment.CreateIsolatedDatabaseAsync(),
            settings: new Dictionary<string, string?> { [SyncTracing.EnabledKey] = "true" },
            services: services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
        );
        try
        {
            await TraceOneChangeAsync(api, spans);
        }
        finally
        {
            await api.DisposeAsync();
            SyncApiFactory.GiveHangfireLogsBackToTheSuite();
        }
    }

    private static async Task TraceOneChangeAsync(SyncApiFactory api, List<Activity> spans)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(services: api.Services);
        using var client = await api.CreateClientAsync(user.Subject);

        var location = (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).Headers.Location!;
        await SyncJobProbe.WaitForStatusAsync(client, location.ToString(), "completed", Deadline);
        var request = await Eventually.ReturnsAsync(
            () =>
                Task.FromResult(
                    Snapshot(spans)
                        .FirstOrDefault(span =>
                            span.Kind == ActivityKind.Server
                            && span.DisplayName.Contains("complete", StringComparison.Ordinal)
                        )
                ),
            span => span is not null,
            Deadline,
            "the POST's span"
        );
        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(Snapshot(spans).Where(span => span.TraceId == request!.TraceId).ToList()),
            // A span is exported when it ends: the attempt's ends after the job has already reported completed.
            found => found.Any(IsVendorPatch) && found.Any(span => span.Source.Name == SyncTracing.SourceName),
            Deadline,
            "the attempt and its vendor call in the POST's trace"
        );

        var attempt = trace.Single(span => span.Source.Name == SyncTracing.SourceName);
        Assert.That(attempt.ParentSpanId, Is.EqualTo(request!.SpanId), "the attempt hangs off the request");
        Assert.That(
            trace.Where(IsVendorPatch).Select(span => span.ParentSpanId),
            Has.All.EqualTo(attempt.SpanId),
            "the vendor's call hangs off the attempt"
        );
        Assert.That(trace.Any(span => span.Source.Name == "Npgsql"), Is.True, "database statements are traced");
    }

    private static bool IsVendorPatch(Activity span) =>
        span.Kind == ActivityKind.Client && (string?)span.GetTagItem("http.request.method") == "PATCH";

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
            return [.. spans];
    }
}
