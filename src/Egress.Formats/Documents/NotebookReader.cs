using System.Text;
using System.Text.Json;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Jupyter notebooks (JSON with "cells" and "nbformat"): every cell's source and every output handed
/// on as a file of its own, so each is read by what it is — stream text, text/plain, text/html (the
/// HTML reader), application/json, pictures (image/png base64 decoded for the image readers), and the
/// metadata of outputs, cells and the notebook as JSON. Paths name the place: <c>report.ipynb#cell12/output0</c>
/// (cells and outputs counted from 0, as in the file).
/// </summary>
public sealed class NotebookReader : IContentReader
{
    public string Format => "ipynb";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        var start = MarkupSniff.FirstNonSpace(head);
        if (start < 0 || head[start] != '{') return false;
        return head.IndexOf("\"cells\""u8) >= 0 && (head.IndexOf("\"nbformat\""u8) >= 0 || head.IndexOf("\"cell_type\""u8) >= 0);
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        using var document = Parse(source.ReadAll(context), context);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
        {
            // Not a notebook after all: plain JSON.
            foreach (var part in new JsonReader().Read(source, path, context)) yield return part;
            yield break;
        }
        var i = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            context.ThrowIfCancelled();
            var where = $"{path}#cell{i++}";
            if (cell.ValueKind != JsonValueKind.Object) continue;
            if (cell.TryGetProperty("source", out var code) && Text(code) is { Length: > 0 } text) yield return Embedded(where, text);
            if (cell.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Object)
                foreach (var attachment in attachments.EnumerateObject())
                    foreach (var part in Bundle($"{where}/attachment/{attachment.Name}", attachment.Value, context))
                        yield return part;
            if (cell.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var output in outputs.EnumerateArray())
                    foreach (var part in Output($"{where}/output{j++}", output, context))
                        yield return part;
            }
            if (cell.TryGetProperty("metadata", out var metadata) && HasContent(metadata)) yield return Embedded($"{where}/metadata", metadata.GetRawText());
        }
        if (root.TryGetProperty("metadata", out var notebookMetadata) && HasContent(notebookMetadata))
            yield return Embedded($"{path}#metadata", notebookMetadata.GetRawText());
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> bytes, UnpackContext context)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = context.Limits.MaxNesting, AllowTrailingCommas = true });
        }
        catch (JsonException e) when (e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputLimitException($"the notebook's JSON is nested more than {context.Limits.MaxNesting} levels deep");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the notebook is not valid JSON (at byte {e.BytePositionInLine ?? 0:N0} of line {e.LineNumber ?? 0:N0})");
        }
    }

    private static IEnumerable<Part> Output(string where, JsonElement output, UnpackContext context)
    {
        if (output.ValueKind != JsonValueKind.Object) yield break;
        var type = output.TryGetProperty("output_type", out var t) && t.ValueKind == JsonValueKind.String ? Str(t) : null;
        switch (type)
        {
            case "stream":
                if (output.TryGetProperty("text", out var stream) && Text(stream) is { Length: > 0 } text) yield return Embedded(where, text);
                break;
            case "error":
                var error = new StringBuilder();
                foreach (var name in new[] { "ename", "evalue" })
                    if (output.TryGetProperty(name, out var v)) error.Append(Text(v)).Append('\n');
                if (output.TryGetProperty("traceback", out var traceback)) error.Append(Text(traceback));
                if (error.ToString().Trim().Length > 0) yield return Embedded(where, error.ToString());
                break;
            default:
                if (output.TryGetProperty("data", out var data))
                    foreach (var part in Bundle(where, data, context))
                        yield return part;
                break;
        }
        if (output.TryGetProperty("metadata", out var metadata) && HasContent(metadata)) yield return Embedded($"{where}/metadata", metadata.GetRawText());
    }

    /// <summary>A MIME bundle ({"text/plain": …, "image/png": …}): one file per representation, named by it when there are several.</summary>
    private static IEnumerable<Part> Bundle(string where, JsonElement bundle, UnpackContext context)
    {
        if (bundle.ValueKind != JsonValueKind.Object) yield break;
        var several = bundle.EnumerateObject().Count() > 1;
        foreach (var item in bundle.EnumerateObject())
        {
            var at = several ? $"{where}/{item.Name}" : where;
            var value = item.Value;
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !IsTextLines(value))
            {
                yield return Embedded(at, value.GetRawText());
                continue;
            }
            var text = Text(value);
            if (text.Length == 0) continue;
            if (IsBinary(item.Name) && DataUri.Base64(text) is { } bytes)
            {
                context.CountExpanded(bytes.Length);
                yield return new EmbeddedFile(at, new MemorySource(bytes));
            }
            else yield return Embedded(at, text);
        }
    }

    /// <summary>Pictures and documents are stored base64-encoded; SVG and everything textual as text.</summary>
    private static bool IsBinary(string mime) =>
        mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !mime.Contains("svg", StringComparison.OrdinalIgnoreCase)
        || mime.Equals("application/pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Notebook text is a string or an array of strings (lines).</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Str(value),
        JsonValueKind.Array => string.Concat(value.EnumerateArray().Select(Text)),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "",
    };

    private static string Str(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new InvalidDataException("the notebook holds text that is not valid UTF-8");
        }
    }

    private static bool IsTextLines(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String);

    private static bool HasContent(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Any() : value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;

    private static EmbeddedFile Embedded(string where, string text) => new(where, new MemorySource(Encoding.UTF8.GetBytes(text)));
}
