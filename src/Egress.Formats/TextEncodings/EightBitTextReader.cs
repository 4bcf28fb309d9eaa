using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.TextEncodings;

/// <summary>
/// Text in an 8-bit encoding (Latin-1, Windows-1252: a CSV from an older Excel or SAS with "é" or "£"
/// in it) is not valid UTF-8 but is not binary either: few control bytes, a minority of high bytes.
/// Transcoded from Windows-1252 (Latin-1's printable superset) to UTF-8 and sniffed again, so it is
/// checked as the text it is instead of being called opaque.
/// </summary>
public sealed class EightBitTextReader : IContentReader
{
    private static readonly Encoding Windows1252 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)
                                                   ?? throw new InvalidOperationException("the Windows-1252 code page is not available");

    public string Format => "windows-1252 text";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.IsEmpty || head.IndexOf((byte)0) >= 0 || LayoutSniffer.IsUtf8(head)) return false;
        int control = 0, high = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C) || b == 0x7F) control++;
            // Unassigned in Windows-1252.
            else if (b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D) control++;
            if (b >= 0x80) high++;
        }
        // A few bytes of a binary header can pass for text: a short sample must be clean.
        if (head.Length < 64 && control > 0) return false;
        return control <= head.Length / 100 + 1 && high <= head.Length * 3 / 10;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new EmbeddedFile($"{path}#windows-1252",
            new DerivedSource(() => Encoding.CreateTranscodingStream(source.Open(), Windows1252, new UTF8Encoding(false), leaveOpen: false), null, context));
    }
}
