using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syntaskio.Tests.Contracts;

/// <summary>
/// Checks a JSON instance against an OpenAPI 3.0 schema: $ref, allOf, type, enum, nullable, required, pattern,
/// items, and (strictly) that every property is one the schema declares. OData instance annotations
/// ("@odata.*") are part of the wire format but not of the schemas, so they are allowed on objects.
/// </summary>
public sealed class SchemaChecker(OpenApiSpec spec)
{
    public IReadOnlyList<string> Check(JsonNode? instance, JsonObject schema)
    {
        var errors = new List<string>();
        Check(instance, schema, "$", errors);
        return errors;
    }

    private void Check(JsonNode? instance, JsonObject schema, string path, List<string> errors)
    {
        schema = spec.Resolve(schema);
        if (instance is null)
        {
            if ((string?)schema["nullable"] != "true")
                errors.Add($"{path}: null is not allowed");
            return;
        }
        if (schema["allOf"] is JsonArray parts)
        {
            var merged = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
            foreach (var part in parts.Select(part => spec.Resolve(part!.AsObject())))
            foreach (var (name, property) in part["properties"]?.AsObject() ?? [])
                merged["properties"]![name] = property!.DeepClone();
            Check(instance, merged, path, errors);
            return;
        }
        switch ((string?)schema["type"])
        {
            case "object":
                CheckObject(instance, schema, path, errors);
                break;
            case "array":
                CheckArray(instance, schema, path, errors);
                break;
            case "boolean":
                Expect(instance, JsonValueKind.True, path, errors, JsonValueKind.False);
                break;
            case "number" or "integer":
                Expect(instance, JsonValueKind.Number, path, errors);
                break;
            case "string":
                CheckString(instance, schema, path, errors);
                break;
            case null when schema["enum"] is not null:
                CheckString(instance, schema, path, errors);
                break;
        }
    }

    private void CheckObject(JsonNode instance, JsonObject schema, string path, List<string> errors)
    {
        if (instance is not JsonObject value)
        {
            errors.Add($"{path}: expected an object");
            return;
        }
        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var required in schema["required"]?.AsArray() ?? [])
            if (!value.ContainsKey((string)required!))
                errors.Add($"{path}: missing required '{required}'");
        foreach (var (name, child) in value)
        {
            if (name.StartsWith("@odata.", StringComparison.Ordinal))
                continue;
            if (properties[name] is JsonObject propertySchema)
                Check(child, propertySchema, $"{path}.{name}", errors);
            else if (properties.Count > 0)
                errors.Add($"{path}: '{name}' is not a property of this schema");
        }
    }

    private void CheckArray(JsonNode instance, JsonObject schema, string path, List<string> errors)
    {
        if (instance is not JsonArray items)
        {
            errors.Add($"{path}: expected an array");
            return;
        }
        for (var i = 0; i < items.Count; i++)
            Check(items[i], schema["items"]!.AsObject(), $"{path}[{i}]", errors);
    }

    private static void CheckString(JsonNode instance, JsonObject schema, string path, List<string> errors)
    {
        if (!Expect(instance, JsonValueKind.String, path, errors))
            return;
        var text = instance.GetValue<string>();
        if (schema["enum"] is JsonArray allowed && !allowed.Select(option => (string?)option).Contains(text))
            errors.Add($"{path}: '{text}' is not one of {allowed.ToJsonString()}");
        if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern))
            errors.Add($"{path}: '{text}' does not match {pattern}");
    }

    private static bool Expect(
        JsonNode instance,
        JsonValueKind kind,
        string path,
        List<string> errors,
        JsonValueKind? alternative = null
    )
    {
        var actual = instance.GetValueKind();
        if (actual == kind || actual == alternative)
            return true;
        errors.Add($"{path}: expected {kind} but was {actual}");
        return false;
    }
}
