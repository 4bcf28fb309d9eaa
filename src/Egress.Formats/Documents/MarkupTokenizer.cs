using System.Text;

namespace Egress.Formats.Documents;

public enum MarkupKind { Text, StartTag, EndTag, Comment, RawText }

/// <summary>
/// A tolerant, streaming tokenizer for HTML and SVG/XML markup: text, start tags with attributes, end
/// tags, comments, CDATA (as text) and the raw content of HTML script and style elements. It never
/// builds a tree, so nesting depth costs nothing and malformed markup reads as best it can (as a
/// browser would); one token may be at most <c>maxToken</c> characters (text is split instead).
/// </summary>
public sealed class MarkupTokenizer(TextReader reader, bool html, int maxToken)
{
    private const int TextChunk = 1 << 16;
    private const int MaxNameChars = 256;
    private const int MaxAttributes = 4096;

    private readonly char[] _buffer = new char[1 << 16];
    private int _pos;
    private int _len;
    private bool _eof;
    private string? _rawUntil;
    private readonly StringBuilder _scratch = new();

    public MarkupKind Kind { get; private set; }
    /// <summary>Tag name (lower-cased for HTML).</summary>
    public string Name { get; private set; } = "";
    public List<KeyValuePair<string, string>> Attributes { get; } = [];
    public bool SelfClosing { get; private set; }
    /// <summary>Text, comment or raw content; entities in text are not decoded (<see cref="Decode"/>).</summary>
    public string Text { get; private set; } = "";
    /// <summary>The content ended inside a tag, comment, CDATA section or script: it is cut short.</summary>
    public bool Truncated { get; private set; }
    /// <summary>Whether <see cref="Text"/> is already literal (CDATA), not to be entity-decoded.</summary>
    public bool Literal { get; private set; }

    public string? Attribute(string name)
    {
        foreach (var (k, v) in Attributes)
            if (k.Equals(name, StringComparison.OrdinalIgnoreCase))
                return v;
        return null;
    }

    public static string Decode(string text) => text.Contains('&') ? System.Net.WebUtility.HtmlDecode(text) : text;

    public bool Next()
    {
        Literal = false;
        if (_rawUntil is not null) return ReadRaw();
        while (true)
        {
            var c = Peek();
            if (c < 0) return false;
            if (c != '<') return ReadText();
            if (!Ensure(2)) return ReadText(literalLessThan: true);
            var next = _buffer[_pos + 1];
            if (next == '!')
            {
                if (StartsWith("<!--")) return ReadUntil("<!--", "-->", MarkupKind.Comment);
                if (StartsWith("<![CDATA["))
                {
                    ReadUntil("<![CDATA[", "]]>", MarkupKind.Text);
                    Literal = true;
                    return true;
                }
                SkipDeclaration();
                continue;
            }
            if (next == '?')
            {
                SkipDeclaration();
                continue;
            }
            if (next == '/' && Ensure(3) && IsNameStart(_buffer[_pos + 2])) return ReadEndTag();
            if (IsNameStart(next)) return ReadStartTag();
            return ReadText(literalLessThan: true);
        }
    }

    private bool ReadText(bool literalLessThan = false)
    {
        _scratch.Clear();
        if (literalLessThan) { _scratch.Append('<'); _pos++; }
        while (_scratch.Length < TextChunk)
        {
            var c = Peek();
            if (c < 0 || c == '<') break;
            _scratch.Append((char)c);
            _pos++;
        }
        Kind = MarkupKind.Text;
        Text = _scratch.ToString();
        return true;
    }

    private bool ReadStartTag()
    {
        _pos++; // '<'
        Name = ReadName();
        Attributes.Clear();
        SelfClosing = false;
        while (true)
        {
            SkipSpace();
            var c = Peek();
            if (c < 0) { Truncated = true; break; }
            if (c == '>') { _pos++; break; }
            if (c == '/')
            {
                _pos++;
                if (Peek() == '>') { _pos++; SelfClosing = true; break; }
                continue;
            }
            var name = ReadAttributeName();
            if (name.Length == 0) { _pos++; continue; }
            SkipSpace();
            var value = "";
            if (Peek() == '=')
            {
                _pos++;
                SkipSpace();
                value = ReadAttributeValue();
            }
            if (Attributes.Count < MaxAttributes) Attributes.Add(new(name, Decode(value)));
        }
        Kind = MarkupKind.StartTag;
        if (html && !SelfClosing && Name is "script" or "style") _rawUntil = Name;
        return true;
    }

    private bool ReadEndTag()
    {
        _pos += 2; // "</"
        Name = ReadName();
        while (true)
        {
            var c = Read();
            if (c < 0) Truncated = true;
            if (c is < 0 or '>') break;
        }
        Kind = MarkupKind.EndTag;
        return true;
    }

    /// <summary>The content of a script or style element, up to its end tag (left for the next call).</summary>
    private bool ReadRaw()
    {
        var end = "</" + _rawUntil;
        _scratch.Clear();
        while (true)
        {
            var c = Peek();
            if (c < 0) { Truncated = true; break; }
            if (c == '<' && StartsWith(end, ignoreCase: true) && (!Ensure(end.Length + 1) || !char.IsAsciiLetterOrDigit(_buffer[_pos + end.Length]))) break;
            _scratch.Append((char)c);
            _pos++;
            if (_scratch.Length > maxToken) throw new InputLimitException($"a script or style element is longer than {maxToken:N0} characters");
        }
        _rawUntil = null;
        Kind = MarkupKind.RawText;
        Text = _scratch.ToString();
        return true;
    }

    private bool ReadUntil(string open, string close, MarkupKind kind)
    {
        _pos += open.Length;
        _scratch.Clear();
        while (true)
        {
            var c = Peek();
            if (c < 0) { Truncated = true; break; }
            if (c == close[0] && StartsWith(close))
            {
                _pos += close.Length;
                break;
            }
            _scratch.Append((char)c);
            _pos++;
            if (_scratch.Length > maxToken) throw new InputLimitException($"a markup comment or CDATA section is longer than {maxToken:N0} characters");
        }
        Kind = kind;
        Text = _scratch.ToString();
        return true;
    }

    /// <summary>A doctype or processing instruction: skipped to its '&gt;' (brackets of an internal subset included).</summary>
    private void SkipDeclaration()
    {
        var depth = 0;
        while (true)
        {
            var c = Read();
            if (c < 0) { Truncated = true; return; }
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == '>' && depth <= 0) return;
        }
    }

    private string ReadName()
    {
        _scratch.Clear();
        while (true)
        {
            var c = Peek();
            if (c < 0 || char.IsWhiteSpace((char)c) || c is '>' or '/') break;
            if (_scratch.Length < MaxNameChars) _scratch.Append((char)c);
            _pos++;
        }
        var name = _scratch.ToString();
        return html ? name.ToLowerInvariant() : name;
    }

    private string ReadAttributeName()
    {
        _scratch.Clear();
        while (true)
        {
            var c = Peek();
            if (c < 0 || char.IsWhiteSpace((char)c) || c is '>' or '/' or '=') break;
            if (_scratch.Length < MaxNameChars) _scratch.Append((char)c);
            _pos++;
        }
        var name = _scratch.ToString();
        return html ? name.ToLowerInvariant() : name;
    }

    private string ReadAttributeValue()
    {
        _scratch.Clear();
        var quote = Peek();
        if (quote is '"' or '\'')
        {
            _pos++;
            while (true)
            {
                var c = Read();
                if (c < 0) Truncated = true;
                if (c < 0 || c == quote) break;
                Append((char)c);
            }
        }
        else
            while (true)
            {
                var c = Peek();
                if (c < 0 || char.IsWhiteSpace((char)c) || c == '>') break;
                Append((char)c);
                _pos++;
            }
        return _scratch.ToString();
    }

    private void Append(char c)
    {
        _scratch.Append(c);
        if (_scratch.Length > maxToken) throw new InputLimitException($"a markup attribute value is longer than {maxToken:N0} characters");
    }

    private void SkipSpace()
    {
        while (Peek() is >= 0 and var c && char.IsWhiteSpace((char)c)) _pos++;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private bool StartsWith(string s, bool ignoreCase = false) =>
        Ensure(s.Length) && _buffer.AsSpan(_pos, s.Length).Equals(s, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private int Peek() => _pos < _len || Ensure(1) ? _buffer[_pos] : -1;

    private int Read()
    {
        var c = Peek();
        if (c >= 0) _pos++;
        return c;
    }

    /// <summary>At least <paramref name="n"/> characters buffered from the current position, unless the content ends first.</summary>
    private bool Ensure(int n)
    {
        if (_len - _pos >= n) return true;
        if (_eof) return false;
        if (_pos > 0)
        {
            Array.Copy(_buffer, _pos, _buffer, 0, _len - _pos);
            _len -= _pos;
            _pos = 0;
        }
        while (_len < n && !_eof)
        {
            var read = reader.Read(_buffer, _len, _buffer.Length - _len);
            if (read == 0) _eof = true;
            _len += read;
        }
        return _len - _pos >= n;
    }
}
