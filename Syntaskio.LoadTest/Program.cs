namespace Syntaskio.LoadTest;

/// <summary>
/// Load tool for Syntaskio Sync: `seed` fills a running service with load users, `run` drives changes at a fixed
/// offered rate and reports accept and end-to-end latency. See docs/benchmark.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["seed", .. var rest] => await LoadCommands.SeedAsync(CommandLine.Parse(rest), Console.Out),
                ["run", .. var rest] => await LoadCommands.RunAsync(CommandLine.Parse(rest), Console.Out),
                ["baseline", .. var rest] => await LoadCommands.BaselineAsync(CommandLine.Parse(rest), Console.Out),
                ["bench", .. var rest] => await LoadCommands.BenchAsync(CommandLine.Parse(rest), Console.Out),
                ["history", .. var rest] => await LoadCommands.HistoryAsync(CommandLine.Parse(rest), Console.Out),
                ["streams", .. var rest] => await LoadCommands.StreamsAsync(CommandLine.Parse(rest), Console.Out),
                _ => throw new ArgumentException(
                    "usage: Syntaskio.LoadTest seed|run|baseline|bench|history|streams [--name value ...] (see "
                        + "docs/benchmark.md)"
                ),
            };
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return 2;
        }
        catch (ServiceUnreachableException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return 3;
        }
    }
}
