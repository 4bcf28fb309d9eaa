using System.Text.Json;
using System.Text.Json.Serialization;

namespace Egress.Web.Api;

/// <summary>
/// Every enum of the API as its camelCase name, and only that: a number (<c>{"decision": 7}</c>), a numeric string,
/// a combination ("approve, reject") or a name the enum does not define is a JSON error (400), so an undefined value
/// never reaches the core. One converter for every enum type, so a new DTO cannot forget it.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}

/// <summary>One enum type's names (camelCase when written; read case-insensitively) and nothing else.</summary>
public sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>()
        .ToDictionary(v => v.ToString(), v => v, StringComparer.OrdinalIgnoreCase);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"{typeof(T).Name} is one of {Names()} (a string)");
        var text = reader.GetString() ?? "";
        return ByName.TryGetValue(text, out var value) ? value : throw new JsonException($"{typeof(T).Name} is one of {Names()}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (!Enum.IsDefined(value)) throw new JsonException($"{typeof(T).Name} has no value {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}");
        writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }

    /// <summary>A form field's value by the same rule: a defined name (any case), never a number.</summary>
    public static bool TryParseName(string? text, out T value) => ByName.TryGetValue(text ?? "", out value);

    private static string Names() => string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
}
