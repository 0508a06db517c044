using System.Diagnostics;

namespace Syntaskio.LoadTest.Bench;

/// <summary>The bench's progress lines: each step, how long the bench has run, how long the step should take.</summary>
public sealed class BenchProgress(TextWriter output)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void Step(string step, TimeSpan expected) =>
        output.WriteLine($"{step} [{clock.Elapsed:hh\\:mm\\:ss} in, about {Describe(expected)}]");

    private static string Describe(TimeSpan expected) =>
        expected < TimeSpan.FromMinutes(2) ? $"{expected.TotalSeconds:0} s" : $"{expected.TotalMinutes:0} min";
}
