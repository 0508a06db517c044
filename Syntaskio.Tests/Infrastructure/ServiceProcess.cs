using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Syntaskio.Tests.Infrastructure;

/// <summary>
/// The built Syntaskio.Api or Syntaskio.Worker as a separate OS process: for what must not share a process with the
/// test host (another environment, Hangfire's process-wide statics) and for killing it for real.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static ServiceProcess StartApi(IReadOnlyDictionary<string, string> environment) =>
        Start("Syntaskio.Api", environment);

    /// <summary>A Hangfire worker host; its BaseUrl is unused.</summary>
    public static ServiceProcess StartWorker(IReadOnlyDictionary<string, string> environment) =>
        Start("Syntaskio.Worker", environment);

    public int Id => process.Id;

    private static ServiceProcess Start(string project, IReadOnlyDictionary<string, string> environment)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var dll = DllPath(project);
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl.ToString()])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Syntaskio"] = TestEnvironment.ConnectionString;
        // A process on the suite's database shares its Hangfire queue, so it must speak as the suite's API does.
        if (!environment.ContainsKey("ConnectionStrings__Syntaskio"))
            start.Environment["Providers__ProcessPlan__Api"] = "story";
        // Vendor watching polls the emulator; only the tests of it switch it on, so no other test's journal sees it.
        start.Environment["Sync__Inbound__Enabled"] = "false";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new ServiceProcess(Process.Start(start)!, baseUrl);
    }

    /// <summary>Waits until /health/ready answers 200; fails with the process's output if it exits first.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.ReturnsAsync(
            async () =>
            {
                if (process.HasExited)
                    Assert.Fail($"The process exited with {process.ExitCode}:\n{Output}");
                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.OK,
            timeout,
            "the process to be ready"
        );
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        process.WaitForExit();
        return true;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Sends SIGTERM, as an orchestrator stopping the process does.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Built next to this test assembly by the project references: {Project}/bin/{Configuration}/net10.0.
    private static string DllPath(string project)
    {
        var separator = Path.DirectorySeparatorChar;
        var testOutput = Path.GetDirectoryName(typeof(ServiceProcess).Assembly.Location)!;
        var output = testOutput.Replace($"{separator}Syntaskio.Tests{separator}", $"{separator}{project}{separator}");
        var dll = Path.Combine(output, $"{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first: {dll} is missing.");
    }
}
