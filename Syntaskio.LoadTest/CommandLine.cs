using System.Globalization;

namespace Syntaskio.LoadTest;

/// <summary>`--name value` arguments, with errors that name the argument and what it takes.</summary>
public sealed class CommandLine(IReadOnlyDictionary<string, string> values)
{
    public static CommandLine Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            if (!arg.Current.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected '{arg.Current}': arguments are --name value.");
            var name = arg.Current[2..];
            if (!arg.MoveNext())
                throw new ArgumentException($"--{name} needs a value.");
            values[name] = arg.Current;
        }
        return new CommandLine(values);
    }

    public string Text(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value)
            ? value
            : fallback ?? throw new ArgumentException($"--{name} is required.");

    public Uri Url(string name, string? fallback = null) =>
        Uri.TryCreate(Text(name, fallback), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"--{name} must be an http(s) URL.");

    public int Number(string name, int fallback, int min, int max)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback;
        return
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= min
            && number <= max
            ? number
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}.");
    }

    public double Decimal(string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback;
        return
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number >= min
            && number <= max
            ? number
            : throw new ArgumentException($"--{name} must be a number from {min} to {max}.");
    }
}
