using System.Text.Json;

namespace Egress.Web.Api;

/// <summary>The API's JSON: camelCase names, enums as camelCase strings and nothing else. The server and the CLI both use it.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new StrictEnumConverterFactory());
        return options;
    }
}
