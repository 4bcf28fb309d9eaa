using System.Text;
using System.Text.Encodings.Web;

namespace Egress.Web.Html;

/// <summary>
/// Writes HTML with every text and attribute value encoded, so nothing a user, a file or a report
/// supplies can become markup. Tag and attribute names come from code only and are checked.
/// Elements are closed from a stack, so the output is always balanced.
/// </summary>
public sealed class HtmlWriter
{
    private static readonly HashSet<string> VoidTags = ["br", "hr", "img", "input", "link", "meta", "col"];
    private readonly StringBuilder _out = new();
    private readonly Stack<string> _open = new();

    /// <summary>Opens an element; attributes with a null value are left out, an empty value writes a bare attribute.</summary>
    public HtmlWriter Open(string tag, params (string Name, string? Value)[] attributes)
    {
        WriteStartTag(tag, attributes);
        if (!VoidTags.Contains(tag)) _open.Push(tag);
        return this;
    }

    /// <summary>Closes the innermost open element.</summary>
    public HtmlWriter Close()
    {
        _out.Append("</").Append(_open.Pop()).Append('>');
        return this;
    }

    /// <summary>An element holding only encoded text.</summary>
    public HtmlWriter Element(string tag, string? text, params (string Name, string? Value)[] attributes)
    {
        Open(tag, attributes);
        Text(text);
        return VoidTags.Contains(tag) ? this : Close();
    }

    /// <summary>A void element such as input or link.</summary>
    public HtmlWriter Void(string tag, params (string Name, string? Value)[] attributes)
    {
        if (!VoidTags.Contains(tag)) throw new ArgumentException($"<{tag}> is not a void element");
        WriteStartTag(tag, attributes);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        if (!string.IsNullOrEmpty(text)) _out.Append(HtmlEncoder.Default.Encode(text));
        return this;
    }

    /// <summary>
    /// Data for a page's script: &lt;script type="application/json"&gt; holding JSON. Script content is not
    /// HTML-decoded, so it cannot be encoded like text; instead the JSON must hold no '&lt;' at all (System.Text.Json's
    /// default encoder writes it as \u003C), so nothing in it can close the element or open a comment.
    /// </summary>
    public HtmlWriter JsonScript(string id, string json)
    {
        if (json.Contains('<')) throw new ArgumentException("JSON for a script block must not contain '<'", nameof(json));
        WriteStartTag("script", [("type", "application/json"), ("id", id)]);
        _out.Append(json).Append("</script>");
        return this;
    }

    /// <summary>Markup written by code (never from a value): the doctype and the like.</summary>
    public HtmlWriter Trusted(string markup)
    {
        _out.Append(markup);
        return this;
    }

    public override string ToString()
    {
        if (_open.Count > 0) throw new InvalidOperationException($"unclosed <{_open.Peek()}>");
        return _out.ToString();
    }

    private void WriteStartTag(string tag, (string Name, string? Value)[] attributes)
    {
        CheckName(tag);
        _out.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            CheckName(name);
            _out.Append(' ').Append(name);
            if (value.Length > 0) _out.Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
        }
        _out.Append('>');
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            throw new ArgumentException($"'{name}' is not a tag or attribute name Egress writes");
    }
}
