using System.Diagnostics;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// /openapi/v1.json passes Redocly CLI's recommended ruleset with no error and no warning: stable operationIds, a
/// security declaration on every operation (an empty one on the anonymous routes), a 4XX answer on each, described
/// tags and a license. `build.ps1 test` installs the pinned Redocly CLI into .tools/ (build/OpenApiLint.ps1).
/// </summary>
public sealed class OpenApiLintTests
{
    [Test]
    public async Task Document_PassesRedoclysRecommendedRuleset_WithNoErrorAndNoWarning()
    {
        var redocly = Path.Combine(RepositoryRoot(), ".tools", "redocly", "node_modules", ".bin", "redocly");
        Assert.That(File.Exists(redocly), Is.True, $"{redocly} is missing: `dotnet pwsh build.ps1 test` installs it");
        using var client = TestEnvironment.Api.CreateClient();
        var document = Path.Combine(Path.GetTempPath(), $"syntaskio-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var lint = new ProcessStartInfo(redocly, ["lint", document, "--format", "json"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            lint.Environment["REDOCLY_TELEMETRY"] = "off";
            lint.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(lint)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var report = JsonNode.Parse(await output)!;

            var totals = report["totals"]!;
            var problems = report["problems"]!
                .AsArray()
                .Select(problem => $"{problem!["ruleId"]}: {problem["message"]}")
                .ToList();
            Assert.That(
                ((int)totals["errors"]!, (int)totals["warnings"]!),
                Is.EqualTo((0, 0)),
                string.Join("\n", problems) + await errors
            );
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Test]
    public async Task EveryOperation_HasAnOperationIdNamedForItsAction()
    {
        using var client = TestEnvironment.Api.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var ids = document["paths"]!
            .AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (string?)operation.Value!["operationId"]))
            .ToList();

        Assert.That(ids, Is.All.Match("^[a-z][A-Za-z]+$"));
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.SupersetOf(new[] { "completeTask", "listSyncJobs", "resolveConflict", "getTaskHistory" }));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Syntaskio.Sync.sln")))
            directory = directory.Parent!;
        return directory.FullName;
    }
}
