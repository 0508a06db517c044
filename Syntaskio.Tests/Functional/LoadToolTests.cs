using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.LoadTest;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Tests.Functional;

/// <summary>The load tool on a tiny run against the real API and emulator, so it keeps working. Not timed.</summary>
public sealed class LoadToolTests
{
    [Test]
    public async Task TinyRun_SeedsEveryProvider_AndReportsEveryChangeConfirmed()
    {
        var services = TestEnvironment.Api.Services;
        using var sandbox = new HttpClient { BaseAddress = TestEnvironment.Sandbox.BaseUrl };
        var seeder = new LoadSeeder(
            sandbox,
            services.GetRequiredService<UserRepository>(),
            services.GetRequiredService<ProviderConnectionRepository>(),
            services.GetRequiredService<TaskCatalogue>()
        )
        {
            ProcessPlanApi = ProcessPlanOptions.Story,
        };
        var users = await seeder.SeedAsync(userCount: 2, tasksPerUser: 6, CancellationToken.None);
        using var api = TestEnvironment.Api.CreateClient();

        var report = await new LoadRunner(api, sandbox, TextWriter.Null).RunAsync(
            users,
            rate: 5,
            TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(30),
            CancellationToken.None
        );

        Assert.That(
            users.SelectMany(user => user.Tasks).Select(task => task.Source).Distinct(),
            Is.EquivalentTo(new[] { "microsoft", "connectwise", "processplan" })
        );
        Assert.That((report.Offered, report.Accepted, report.Confirmed, report.Errors), Is.EqualTo((10, 10, 10, 0)));
        Assert.That(report.EndToEndMs.Count, Is.EqualTo(10));
        Assert.That(report.EndToEndMs.P50, Is.GreaterThan(0));
        Assert.That(report.ToMarkdown(), Does.Contain("| end to end ms p50 / p95 / p99 / max |"));
    }

    [Test]
    public void Run_FailsWithAClearMessage_WhenTheServiceIsNotReachable()
    {
        var options = CommandLine.Parse(["--api", "http://127.0.0.1:9", "--rate", "1", "--duration", "1"]);

        var error = Assert.ThrowsAsync<ServiceUnreachableException>(() =>
            LoadCommands.RunAsync(options, TextWriter.Null)
        );

        Assert.That(
            error!.Message,
            Does.Contain("Syntaskio API").And.Contain("127.0.0.1:9").And.Contain("build.ps1 run")
        );
    }

    [TestCase("--rate", "fast", "--rate must be a number")]
    [TestCase("--duration", "0", "--duration must be a whole number from 1")]
    [TestCase("--api", "ftp://x", "--api must be an http(s) URL")]
    public void CommandLine_NamesTheBadArgument(string name, string value, string expected)
    {
        var options = CommandLine.Parse([name, value]);

        var error = Assert.Throws<ArgumentException>(() =>
        {
            _ = options.Decimal("rate", 1, 0.1, 10);
            _ = options.Number("duration", 1, 1, 10);
            _ = options.Url("api", "http://localhost");
        });

        Assert.That(error!.Message, Does.StartWith(expected));
    }
}
