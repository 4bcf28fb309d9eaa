using System.Text;
using Egress.Formats.Content;

namespace Egress.Tests.Formats.Documents;

/// <summary>A part as a test sees it: tables' rows and texts' content read while the walk is at that part.</summary>
public sealed record SeenPart(Part Part, List<string[]>? Rows, string? Text)
{
    public string Path => Part.Path;
}

/// <summary>Walks bytes through every reader (as the engine does) and keeps what each part holds.</summary>
public static class DocumentParts
{
    public static UnpackContext Context(UnpackLimits? limits = null) => new(limits ?? new UnpackLimits(), CancellationToken.None);

    public static List<SeenPart> Walk(byte[] bytes, string path, UnpackLimits? limits = null) => Walk(new MemorySource(bytes), path, limits);

    public static List<SeenPart> Walk(ContentSource source, string path, UnpackLimits? limits = null)
    {
        var seen = new List<SeenPart>();
        foreach (var part in ContentReaders.Unpacker().Walk(source, path, Context(limits)))
        {
            switch (part)
            {
                case TablePart table:
                    var rows = new List<string[]>();
                    if (table.Header is not null) rows.Add([.. table.Header]);
                    try
                    {
                        rows.AddRange(table.Rows.Select(r => r.ToArray()));
                    }
                    // As the engine does: damage or a limit met while a table is read ends it with a notice.
                    catch (Exception e) when (e is InvalidDataException or IOException)
                    {
                        seen.Add(new SeenPart(part, rows, null));
                        seen.Add(new SeenPart(new Notice(part.Path, NoticeKind.Corrupt, e.Message), null, null));
                        break;
                    }
                    catch (Egress.Formats.InputLimitException e)
                    {
                        seen.Add(new SeenPart(part, rows, null));
                        seen.Add(new SeenPart(new Notice(part.Path, NoticeKind.LimitReached, e.Message), null, null));
                        break;
                    }
                    seen.Add(new SeenPart(part, rows, null));
                    break;
                case TextPart text:
                    try
                    {
                        using var s = text.Source.Open();
                        using var reader = new StreamReader(s, Encoding.UTF8);
                        seen.Add(new SeenPart(part, null, reader.ReadToEnd()));
                    }
                    // As the engine's scanner does: damage or a limit met while text is read is reported.
                    catch (Exception e) when (e is InvalidDataException or IOException)
                    {
                        seen.Add(new SeenPart(new Notice(part.Path, NoticeKind.Corrupt, e.Message), null, null));
                    }
                    catch (Egress.Formats.InputLimitException e)
                    {
                        seen.Add(new SeenPart(new Notice(part.Path, NoticeKind.LimitReached, e.Message), null, null));
                    }
                    break;
                default:
                    seen.Add(new SeenPart(part, null, null));
                    break;
            }
        }
        return seen;
    }

    public static SeenPart Single(this List<SeenPart> parts, string path) =>
        parts.SingleOrDefault(p => p.Path == path) ?? throw new Xunit.Sdk.XunitException($"no part {path}; parts: {string.Join(", ", parts.Select(p => p.Path + " " + p.Part.GetType().Name))}");

    public static string Describe(this List<SeenPart> parts) =>
        string.Join("; ", parts.Select(p => p.Part is Notice n ? $"{p.Path} {n.Kind}: {n.Message}" : $"{p.Path} {p.Part.GetType().Name}"));
}
