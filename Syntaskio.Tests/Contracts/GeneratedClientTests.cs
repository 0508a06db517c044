using System.Diagnostics;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// A frontend can generate its client from /openapi/v1.json: Kiota (the repository's local tool) generates
/// a C# client from the running API's document, it compiles, and with nothing but that client a program completes a
/// task, reads its sync job until it lands at the vendor, and reads the task's history.
/// </summary>
public sealed class GeneratedClientTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(4);

    [Test]
    public async Task KiotaClient_CompilesFromTheDocument_AndCompletesATask()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        deployment.StartWorker();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        var work = Directory.CreateTempSubdirectory("syntaskio-client-");
        try
        {
            var document = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
            var templates = Path.Combine(AppContext.BaseDirectory, "Contracts", "GeneratedClient");
            File.Copy(Path.Combine(templates, "Program.cs.txt"), Path.Combine(work.FullName, "Program.cs"));
            File.Copy(
                Path.Combine(templates, "GeneratedClient.csproj.txt"),
                Path.Combine(work.FullName, "GeneratedClient.csproj")
            );

            var generated = await RunAsync(
                RepositoryRoot(),
                "kiota",
                "generate",
                "-l",
                "CSharp",
                "-d",
                document,
                "-o",
                Path.Combine(work.FullName, "Client"),
                "-c",
                "SyntaskioClient",
                "-n",
                "Syntaskio.Client",
                "--log-level",
                "Warning"
            );
            var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
            var ran = await RunAsync(
                work.FullName,
                "run",
                "-c",
                "Release",
                "--",
                deployment.Api.BaseUrl.ToString(),
                token,
                tasks[0].Id.ToString()
            );

            Assert.That(generated.ExitCode, Is.Zero, generated.Output);
            Assert.That(ran.ExitCode, Is.Zero, ran.Output);
            Assert.That(ran.Output, Does.Contain($"completed").And.Contain("accepted"));
            Assert.That(ran.Output, Does.Contain("history change: Completed here (was pending)"));
            var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", tasks[0].ExternalId);
            Assert.That((string?)vendor!["status"], Is.EqualTo("completed"));
        }
        finally
        {
            client.Dispose();
            work.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Syntaskio.Sync.sln")))
            directory = directory.Parent!;
        return directory.FullName;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
