using System.Text.Json;

namespace Egress.Formats.Data.Avro;

/// <summary>
/// An Avro schema (the JSON in a container file's metadata) as a tree: primitives, records, enums,
/// arrays, maps, unions and fixed, with the logical types read here (date, timestamps, decimal).
/// Named types referred to by name resolve to the same node (recursive schemas are allowed; the decoder bounds them).
/// </summary>
internal sealed class AvroSchema
{
    public required string Type { get; init; }
    public string? Name { get; set; }
    public string? Logical { get; set; }
    public int Scale { get; set; }
    public int Size { get; set; }
    public List<(string Name, AvroSchema Type)> Fields { get; } = [];
    public List<string> Symbols { get; } = [];
    public List<AvroSchema> Branches { get; } = [];
    public AvroSchema? Items { get; set; }

    private static readonly HashSet<string> Primitives = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

    public static AvroSchema Parse(string json, int maxNesting)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Math.Max(8, maxNesting) });
        return From(doc.RootElement, new Dictionary<string, AvroSchema>(), null);
    }

    private static AvroSchema From(JsonElement e, Dictionary<string, AvroSchema> named, string? space)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
            {
                var name = e.GetString()!;
                if (Primitives.Contains(name)) return new AvroSchema { Type = name };
                if (named.TryGetValue(name, out var known) || space is not null && named.TryGetValue($"{space}.{name}", out known)) return known;
                throw new InvalidDataException($"an Avro schema naming an unknown type '{name}'");
            }
            case JsonValueKind.Array:
            {
                var union = new AvroSchema { Type = "union" };
                foreach (var b in e.EnumerateArray()) union.Branches.Add(From(b, named, space));
                return union;
            }
            case JsonValueKind.Object:
                break;
            default:
                throw new InvalidDataException("a malformed Avro schema");
        }
        var type = e.TryGetProperty("type", out var t) ? t : throw new InvalidDataException("an Avro schema without a type");
        if (t.ValueKind != JsonValueKind.String) return From(t, named, space);
        var kind = t.GetString()!;
        var node = new AvroSchema { Type = Primitives.Contains(kind) || kind is "record" or "error" or "enum" or "array" or "map" or "fixed" ? kind : "ref" };
        if (node.Type == "ref") return From(t, named, space);
        if (e.TryGetProperty("logicalType", out var logical) && logical.ValueKind == JsonValueKind.String) node.Logical = logical.GetString();
        if (e.TryGetProperty("scale", out var scale) && scale.TryGetInt32(out var s)) node.Scale = s;
        if (e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
        {
            var name = n.GetString()!;
            var ns = e.TryGetProperty("namespace", out var nsp) && nsp.ValueKind == JsonValueKind.String ? nsp.GetString() : space;
            node.Name = name;
            named[name] = node;
            if (ns is { Length: > 0 } && !name.Contains('.')) named[$"{ns}.{name}"] = node;
            space = ns;
        }
        switch (kind)
        {
            case "record" or "error":
                if (!e.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array) throw new InvalidDataException("an Avro record without fields");
                foreach (var f in fields.EnumerateArray())
                {
                    var name = f.TryGetProperty("name", out var fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString()! : "";
                    node.Fields.Add((name, From(f.TryGetProperty("type", out var ft) ? ft : throw new InvalidDataException("an Avro field without a type"), named, space)));
                }
                break;
            case "enum":
                if (e.TryGetProperty("symbols", out var symbols) && symbols.ValueKind == JsonValueKind.Array)
                    foreach (var sy in symbols.EnumerateArray()) node.Symbols.Add(sy.GetString() ?? "");
                break;
            case "array":
                node.Items = From(e.TryGetProperty("items", out var items) ? items : throw new InvalidDataException("an Avro array without items"), named, space);
                break;
            case "map":
                node.Items = From(e.TryGetProperty("values", out var values) ? values : throw new InvalidDataException("an Avro map without values"), named, space);
                break;
            case "fixed":
                node.Size = e.TryGetProperty("size", out var size) && size.TryGetInt32(out var z) && z >= 0 ? z : throw new InvalidDataException("an Avro fixed without a size");
                break;
        }
        return node;
    }
}
