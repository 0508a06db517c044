using System.Text.RegularExpressions;

namespace Syntaskio.UnitTests.Architecture;

/// <summary>
/// Who writes each table, read from the sources: every INSERT, UPDATE or DELETE of a table in the service's C#
/// (the writer is the class, named by its file) and in db/functions (the writer is the function). A trigger's
/// function writes for the trigger; a function's callers are found the same way.
/// </summary>
internal static partial class TableWriters
{
    public static IReadOnlyList<string> Tables { get; } = ReadTables();

    /// <summary>table → the classes and functions that write it.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Read()
    {
        var writers = Tables.ToDictionary(table => table, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var (writer, text) in Writers())
        foreach (Match write in Write().Matches(text))
        {
            var table = write.Groups["table"].Value.ToLowerInvariant();
            if (writers.TryGetValue(table, out var set))
                set.Add(writer);
        }
        return writers;
    }

    /// <summary>function() → the classes and functions whose text calls it.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> CallersOfFunctions()
    {
        var functions = SourceTree.Sql("db/functions").Select(file => Path.GetFileNameWithoutExtension(file.Name));
        var callers = functions.ToDictionary(name => $"{name}()", _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var (writer, text) in Writers().Concat(Triggers()))
        foreach (var function in callers.Keys)
        {
            var name = function[..^2];
            if (writer != function && Regex.IsMatch(text, $@"\b{name}\s*\(", RegexOptions.IgnoreCase))
                callers[function].Add(writer);
        }
        return callers;
    }

    /// <summary>Where an exact text (a NOTIFY channel, say) is written, by writer.</summary>
    public static IReadOnlyList<string> WritersContaining(string text) =>
        Writers().Concat(Triggers()).Where(pair => pair.Text.Contains(text)).Select(pair => pair.Writer).ToList();

    private static IEnumerable<(string Writer, string Text)> Writers()
    {
        foreach (var file in SourceTree.ServiceSources())
            yield return (file.Name.Split('.')[0], File.ReadAllText(file.FullName));
        foreach (var file in SourceTree.Sql("db/functions"))
            yield return ($"{Path.GetFileNameWithoutExtension(file.Name)}()", File.ReadAllText(file.FullName));
    }

    private static IEnumerable<(string Writer, string Text)> Triggers() =>
        SourceTree
            .Sql("db/triggers")
            .Select(file =>
                ($"trigger {Path.GetFileNameWithoutExtension(file.Name)}", File.ReadAllText(file.FullName))
            );

    private static IReadOnlyList<string> ReadTables() =>
        SourceTree
            .Sql("db")
            .SelectMany(file => CreateTable().Matches(File.ReadAllText(file.FullName)))
            .Select(match => match.Groups["table"].Value.ToLowerInvariant())
            .ToList();

    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?<table>[a-z_]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Write();

    [GeneratedRegex(@"CREATE\s+TABLE\s+(?<table>[a-z_]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
