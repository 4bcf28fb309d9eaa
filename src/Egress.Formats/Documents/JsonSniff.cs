using System.Text.Json;

namespace Egress.Formats.Documents;

internal enum JsonShape { None, Document, Lines }

/// <summary>
/// Whether content is JSON, from its first bytes: it starts with `{` or `[` and parses. Several
/// containers each on a line of its own are NDJSON. R's printed vectors (`[1] 0.5 0.3`) are values on
/// one line, so they are not taken for NDJSON; a truncated document, or damage after a good start, is
/// still JSON (to be reported as damaged).
/// </summary>
internal static class JsonSniff
{
    private const int TokensForDamagedJson = 2;

    private static bool StartsAnObjectKey(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)'[' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i + 1 < data.Length && data[i] == '{' && data[(i + 1)..].TrimStart(" \t\r\n"u8) is [(byte)'"', ..];
    }

    public static JsonShape Classify(ReadOnlySpan<byte> head)
    {
        var start = 0;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) start = 3;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start >= head.Length || head[start] is not ((byte)'{' or (byte)'[')) return JsonShape.None;
        var data = head[start..];
        // Never the final block: a whole file that stops inside a value is truncated JSON, still JSON.
        var reader = new Utf8JsonReader(data, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = true,
            MaxDepth = data.Length + 1,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }));
        var values = 0;
        var tokens = 0;
        long lastEnd = 0;
        try
        {
            while (reader.Read())
            {
                tokens++;
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                {
                    // A new top-level value: after the first, it must be a container on a new line.
                    if (values > 0 && (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)
                                       || data[(int)lastEnd..(int)reader.TokenStartIndex].IndexOf((byte)'\n') < 0))
                        // After two values on lines of their own, it is damaged NDJSON (reported as such), not text.
                        return values >= 2 ? JsonShape.Lines : JsonShape.None;
                    values++;
                }
                if (reader.CurrentDepth == 0) lastEnd = reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            // Damage well into a JSON start is a damaged JSON file (reported as such), not text.
            // So is damage inside the first key of an object ('{"' cannot start anything but JSON).
            return values >= 2 ? JsonShape.Lines
                : tokens >= TokensForDamagedJson || StartsAnObjectKey(data) ? JsonShape.Document : JsonShape.None;
        }
        return values switch { 0 => JsonShape.None, 1 => JsonShape.Document, _ => JsonShape.Lines };
    }
}
