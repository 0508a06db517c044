using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Syntaskio.Tests.Contracts;

/// <summary>An OpenAPI 3.0 document read from YAML into JSON nodes, with $ref resolution.</summary>
public sealed class OpenApiSpec(JsonObject document)
{
    public static OpenApiSpec Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Contracts", fileName);
        var yaml = new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        return new OpenApiSpec(ToNode(yaml)!.AsObject());
    }

    public JsonObject Schema(string name) => document["components"]!["schemas"]![name]!.AsObject();

    public JsonObject? PathItem(string template) => document["paths"]![template]?.AsObject();

    public IEnumerable<string> PathTemplates => document["paths"]!.AsObject().Select(path => path.Key);

    public JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue reference
            ? Resolve(Schema(((string)reference!).Replace("#/components/schemas/", "")))
            : schema;

    private static JsonNode? ToNode(object? yaml) =>
        yaml switch
        {
            null => null,
            IDictionary<object, object> map => new JsonObject(
                map.Select(pair => KeyValuePair.Create(pair.Key.ToString()!, ToNode(pair.Value)))
            ),
            IList<object> list => new JsonArray(list.Select(ToNode).ToArray()),
            _ => JsonValue.Create(yaml.ToString()),
        };
}
