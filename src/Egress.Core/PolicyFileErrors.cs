using System.Reflection;
using System.Text.Json;

namespace Egress.Core;

/// <summary>
/// Turns the JSON reader's complaint about a policy file into one sentence a person can act on: an unknown key
/// with its section and the keys valid there, a value of the wrong kind, or where the JSON stops being JSON —
/// never the serializer's own wording, which names .NET types.
/// </summary>
public static class PolicyFileErrors
{
    public static string Describe(string file, JsonException e)
    {
        // Broken syntax comes from the reader (a JsonException subtype, wrapped by the serializer with the path);
        // a key or value that does not fit the policy comes from the serializer itself.
        var brokenSyntax = e.GetType() != typeof(JsonException) || e.InnerException is JsonException;
        var segments = brokenSyntax ? null : Segments(e.Path);
        if (segments is null || segments.Count == 0)
            return $"policy file {file} is not valid JSON{Where(e)}";
        var section = Section(segments.Take(segments.Count - 1));
        var key = segments[^1];
        var sectionName = segments.Count == 1 ? "at the top level" : $"in section '{string.Join('.', segments.Take(segments.Count - 1))}'";
        if (section is null) return $"policy file {file}: '{string.Join('.', segments)}' is not a policy setting{Where(e)}";
        var property = Find(section, key);
        if (property is null)
            return $"policy file {file}: unknown key '{key}' {sectionName} (valid keys: {string.Join(", ", Keys(section))})";
        return $"policy file {file}: {string.Join('.', segments)} must be {Kind(property.PropertyType)}{Where(e)}";
    }

    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";

    /// <summary>"$.limits.maxFileBytes" or "$['limits']['x']" → its keys; null when not a plain path of keys.</summary>
    private static List<string>? Segments(string? path)
    {
        if (path is null || !path.StartsWith('$')) return null;
        var keys = new List<string>();
        var rest = path[1..];
        while (rest.Length > 0)
        {
            if (rest.StartsWith("['", StringComparison.Ordinal))
            {
                var end = rest.IndexOf("']", StringComparison.Ordinal);
                if (end < 0) return null;
                keys.Add(rest[2..end]);
                rest = rest[(end + 2)..];
            }
            else if (rest[0] == '.')
            {
                var end = rest.IndexOfAny(['.', '['], 1);
                keys.Add(end < 0 ? rest[1..] : rest[1..end]);
                rest = end < 0 ? "" : rest[end..];
            }
            else if (rest[0] == '[')
            {
                // An array index: the value at the key before it is what is wrong.
                var end = rest.IndexOf(']');
                if (end < 0) return null;
                rest = rest[(end + 1)..];
            }
            else return null;
        }
        return keys;
    }

    private static Type? Section(IEnumerable<string> keys)
    {
        Type? type = typeof(Policy);
        foreach (var key in keys)
            type = type is null ? null : Find(type, key)?.PropertyType;
        return type;
    }

    private static PropertyInfo? Find(Type section, string key) =>
        Settings(section).FirstOrDefault(p => string.Equals(Name(p), key, StringComparison.Ordinal));

    private static IEnumerable<string> Keys(Type section) => Settings(section).Select(Name);

    private static IEnumerable<PropertyInfo> Settings(Type section) =>
        section.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static string Name(PropertyInfo p) => Policy.JsonOptions.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name;

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double)) return "a number";
        if (type == typeof(string)) return "a string";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        if (type.IsArray) return $"a list of {Kind(type.GetElementType()!).Replace("a ", "", StringComparison.Ordinal)}s";
        return "a section ({ … })";
    }
}
