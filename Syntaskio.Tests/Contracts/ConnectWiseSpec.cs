using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// ConnectWise's own description of the routes this service calls (Contracts/connectwise-manage-2021.1.ts, as
/// openapi-typescript renders ConnectWise's OpenAPI document), read into what the contract tests need: each schema's
/// fields (name, whether required, type), each path's operations, and each operation's query parameters.
/// </summary>
internal sealed partial class ConnectWiseSpec
{
    private ConnectWiseSpec(
        Dictionary<string, Dictionary<string, SpecField>> schemas,
        Dictionary<(string Method, string Path), string> operations,
        Dictionary<string, HashSet<string>> queries,
        HashSet<string> mediaTypes
    ) => (Schemas, Operations, Queries, MediaTypes) = (schemas, operations, queries, mediaTypes);

    public static ConnectWiseSpec Instance { get; } = Read();

    public IReadOnlyDictionary<string, Dictionary<string, SpecField>> Schemas { get; }

    /// <summary>(method, path template) → operation name.</summary>
    public IReadOnlyDictionary<(string Method, string Path), string> Operations { get; }

    /// <summary>operation name → its query parameters.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Queries { get; }

    /// <summary>The media types the description gives the answers (its request bodies are application/json).</summary>
    public IReadOnlySet<string> MediaTypes { get; }

    /// <summary>
    /// Every way <paramref name="answer"/> departs from schema <paramref name="schema"/>, with its place.
    /// </summary>
    public List<string> Check(string schema, JsonNode? answer, string at = "$")
    {
        var problems = new List<string>();
        if (answer is not JsonObject body)
            return [$"{at}: {Kind(answer)}, not a {schema} object"];
        // The excerpt leaves out schemas no route of ours returns in full (a license bit, a validation error).
        if (!Schemas.TryGetValue(schema, out var fields))
            return [];
        foreach (var (name, value) in body)
        {
            if (!fields.TryGetValue(name, out var field))
                problems.Add($"{at}.{name}: not a field of {schema}");
            else
                problems.AddRange(CheckValue(field, value, $"{at}.{name}"));
        }
        problems.AddRange(
            fields
                .Values.Where(field => field.Required && !body.ContainsKey(field.Name))
                .Select(field => $"{at}.{field.Name}: required by {schema}, missing")
        );
        return problems;
    }

    /// <summary>The operation a request is, by its method and its path under the API's base; null: none.</summary>
    public string? OperationOf(string method, string path) =>
        Operations
            .FirstOrDefault(operation =>
                operation.Key.Method == method.ToLowerInvariant() && Template(operation.Key.Path).IsMatch($"/{path}")
            )
            .Value;

    private IEnumerable<string> CheckValue(SpecField field, JsonNode? value, string at)
    {
        if (value is null)
            return field.Nullable ? [] : [$"{at}: null, not allowed"];
        if (field.Array)
            return value is JsonArray items
                ? items.SelectMany((item, i) => CheckValue(field with { Array = false }, item, $"{at}[{i}]"))
                : [$"{at}: {Kind(value)}, not an array"];
        return field.Type switch
        {
            "string" or "number" or "boolean" => Kind(value) == field.Type
                ? []
                : [$"{at}: {Kind(value)}, not {field.Type}"],
            "map" => value is JsonObject ? [] : [$"{at}: {Kind(value)}, not an object"],
            _ => Check(field.Type, value, at),
        };
    }

    private static string Kind(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            System.Text.Json.JsonValueKind.Object => "object",
            System.Text.Json.JsonValueKind.Array => "array",
            _ => "null",
        };

    private static Regex Template(string path) => new($"^{PathParameter().Replace(Regex.Escape(path), "[^/]+")}$");

    private static ConnectWiseSpec Read()
    {
        var text = File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Contracts", "connectwise-manage-2021.1.ts")
        );
        var schemas = new Dictionary<string, Dictionary<string, SpecField>>();
        var schemaText = text[text.IndexOf("export interface schemas {", StringComparison.Ordinal)..];
        foreach (Match block in SchemaBlock().Matches(schemaText))
        {
            var body = Comment().Replace(block.Groups["body"].Value, "");
            schemas[block.Groups["name"].Value] = FieldLine()
                .Matches(body)
                .Select(field =>
                    SpecField.Parse(
                        field.Groups["name"].Value,
                        field.Groups["optional"].Success,
                        field.Groups["type"].Value
                    )
                )
                .ToDictionary(field => field.Name);
        }
        var pathsText = text[..text.IndexOf("export interface operations {", StringComparison.Ordinal)];
        var operations = new Dictionary<(string, string), string>();
        foreach (Match path in PathBlock().Matches(pathsText))
        foreach (Match operation in MethodLine().Matches(path.Groups["body"].Value))
            operations[(operation.Groups["method"].Value, path.Groups["path"].Value)] = operation
                .Groups["operation"]
                .Value;
        var operationsText = text[
            text.IndexOf("export interface operations {", StringComparison.Ordinal)..text.IndexOf(
                "export interface schemas {",
                StringComparison.Ordinal
            )
        ];
        var queries = new Dictionary<string, HashSet<string>>();
        foreach (Match operation in OperationBlock().Matches(operationsText))
        {
            var query = QueryBlock().Match(operation.Groups["body"].Value);
            queries[operation.Groups["name"].Value] = query.Success
                ? FieldLine()
                    .Matches(query.Groups["body"].Value)
                    .Select(field => field.Groups["name"].Value)
                    .ToHashSet()
                : [];
        }
        var answersText = RequestBody().Replace(text, "");
        var mediaTypes = MediaType().Matches(answersText).Select(type => type.Groups["type"].Value).ToHashSet();
        return new ConnectWiseSpec(schemas, operations, queries, mediaTypes);
    }

    [GeneratedRegex(@"^      (?<name>\w+): \{\n(?<body>.*?)^    \}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SchemaBlock();

    [GeneratedRegex(@"^    (?<name>\w+): \{\n(?<body>.*?)^  \}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex OperationBlock();

    [GeneratedRegex(@"query: \{(?<body>[^}]*)\}", RegexOptions.Singleline)]
    private static partial Regex QueryBlock();

    [GeneratedRegex(
        @"^    ""(?<path>[^""]+)"": \{\n(?<body>.*?)^  \}",
        RegexOptions.Multiline | RegexOptions.Singleline
    )]
    private static partial Regex PathBlock();

    [GeneratedRegex(@"(?<method>get|post|put|patch|delete): operations\[""(?<operation>\w+)""\]")]
    private static partial Regex MethodLine();

    [GeneratedRegex(@"(?<name>\w+)(?<optional>\?)?:\s*(?<type>[^;]+);")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"/\*\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"requestBody: \{\s*content: \{[^}]*\};\s*\};", RegexOptions.Singleline)]
    private static partial Regex RequestBody();

    [GeneratedRegex(@"""(?<type>application/[^""]+)"":")]
    private static partial Regex MediaType();

    [GeneratedRegex(@"\\\{\w+}")]
    private static partial Regex PathParameter();
}

/// <summary>One field of a schema: a primitive, a map, or another schema by name; maybe an array of it.</summary>
internal sealed partial record SpecField(string Name, bool Required, string Type, bool Array, bool Nullable)
{
    public static SpecField Parse(string name, bool optional, string type)
    {
        var nullable = type.Contains("null", StringComparison.Ordinal);
        var reference = Reference().Match(type);
        var array = type.TrimEnd().EndsWith("[]", StringComparison.Ordinal);
        var kind =
            reference.Success ? reference.Groups["schema"].Value
            : type.TrimStart().StartsWith('{') ? "map"
            : type.Contains("number", StringComparison.Ordinal) ? "number"
            : type.Contains("boolean", StringComparison.Ordinal) ? "boolean"
            : "string";
        return new SpecField(name, !optional, kind, array, nullable);
    }

    [GeneratedRegex(@"components\[""schemas""\]\[""(?<schema>\w+)""\]")]
    private static partial Regex Reference();
}
