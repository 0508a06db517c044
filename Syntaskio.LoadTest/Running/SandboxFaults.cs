using System.Net.Http.Json;

namespace Syntaskio.LoadTest.Running;

/// <summary>The emulator's fault control, for every provider at once: latency (status 0) or an outage.</summary>
public static class SandboxFaults
{
    private static readonly string[] Providers = ["microsoft", "connectwise", "processplan"];

    public static async Task ForEveryProviderAsync(HttpClient sandbox, int status, int latencyMs, TimeSpan duration)
    {
        foreach (var provider in Providers)
        {
            var fault = new
            {
                provider,
                status,
                count = 1,
                latencyMs,
                durationMs = (int)duration.TotalMilliseconds,
            };
            (await sandbox.PostAsJsonAsync("/_sandbox/faults", fault)).EnsureSuccessStatusCode();
        }
    }

    public static async Task ClearAsync(HttpClient sandbox) =>
        (await sandbox.DeleteAsync("/_sandbox/faults")).EnsureSuccessStatusCode();
}
