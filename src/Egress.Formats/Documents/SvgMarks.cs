using System.Globalization;
using System.Text;

namespace Egress.Formats.Documents;

/// <summary>One mark of a plot (a circle, a marker placed by &lt;use&gt;, a Plotly point) at its page position, in pixels.</summary>
internal readonly record struct SvgMark(double X, double Y, int Decimals, double Stretch, int Panel);

/// <summary>A text on the page: its anchor point in pixels, what it says, and whether it is turned (an axis title).</summary>
internal readonly record struct SvgLabel(double X, double Y, string Text, bool Turned, int Panel);

/// <summary>A tick as matplotlib groups it (<c>xtick_3</c>): the tick mark's position on its axis and its label.</summary>
internal readonly record struct SvgTick(char Axis, double Position, string Label, int Panel);

/// <summary>
/// Reads an SVG figure's element tree from the markup tokens, as far as a plot's points need it: group transforms
/// accumulated down the tree; the marks (circle and ellipse centres, &lt;use&gt; markers with x and y, Plotly's
/// <c>path.point</c>); the texts with their positions; matplotlib's tick groups; and axis-aligned line segments (tick
/// marks, grid lines) to place tick labels exactly. Nothing is expanded and every list is bounded; markup it cannot
/// place (an unreadable transform) is left out rather than guessed.
/// </summary>
internal sealed class SvgMarks
{
    public const int MaxMarks = 100_000;
    private const int MaxLabels = 20_000;
    private const int MaxSegments = 100_000;
    private const int MaxTicks = 2_000;
    /// <summary>Deeper nesting than this is hostile, not a plot (the unpacker's default nesting bound).</summary>
    public const int MaxDepth = 256;
    private const int MaxTextChars = 256;

    /// <summary>Elements whose content is not drawn where it stands (definitions, clips, markers).</summary>
    private static readonly HashSet<string> NotDrawn = new(StringComparer.OrdinalIgnoreCase)
        { "defs", "clipPath", "mask", "marker", "pattern", "symbol", "metadata", "title", "desc", "style", "script" };

    private sealed record Frame(string Name, SvgTransform? Matrix, bool Hidden, char Axis, bool Glyphs, int Panel);

    private sealed class TickGroup(char axis, int depth, int panel)
    {
        public int Panel { get; } = panel;
        public char Axis { get; } = axis;
        public int Depth { get; } = depth;
        public double? Position { get; set; }
        public string? Label { get; set; }
    }

    private sealed class OpenText(double x, double y, bool turned, int depth, char axis, int panel)
    {
        public int Panel { get; } = panel;
        public double X { get; } = x;
        public double Y { get; } = y;
        public bool Turned { get; } = turned;
        public int Depth { get; } = depth;
        public char Axis { get; } = axis;
        public StringBuilder Text { get; } = new();
    }

    private readonly List<Frame> _stack = [];
    private TickGroup? _tick;
    private OpenText? _text;

    public List<SvgMark> Marks { get; } = [];
    public List<SvgLabel> Labels { get; } = [];
    public List<SvgTick> Ticks { get; } = [];
    /// <summary>Page x of vertical segments (x ticks, vertical grid lines), and page y of horizontal ones.</summary>
    public List<(double At, int Panel)> VerticalAt { get; } = [];
    public List<(double At, int Panel)> HorizontalAt { get; } = [];
    /// <summary>Axis titles as matplotlib writes them (a text of the axis group that is not a tick's), per panel.</summary>
    public Dictionary<(int Panel, char Axis), string> Titles { get; } = [];
    private int _panels;
    /// <summary>True when elements lay deeper than <see cref="MaxDepth"/>: what lies there was not placed, and the reader says so.</summary>
    public bool TooDeep { get; private set; }
    /// <summary>Marks past <see cref="MaxMarks"/>, counted only.</summary>
    public long MoreMarks { get; private set; }

    public void Add(MarkupTokenizer token)
    {
        switch (token.Kind)
        {
            case MarkupKind.StartTag:
                Start(token);
                break;
            case MarkupKind.EndTag:
                End(LocalName(token.Name));
                break;
            case MarkupKind.Text when _text is not null && _text.Text.Length < MaxTextChars:
                _text.Text.Append(token.Literal ? token.Text : MarkupTokenizer.Decode(token.Text));
                break;
            case MarkupKind.Comment:
                // matplotlib writes each text as glyph paths after a comment that says it.
                var said = token.Text.Trim();
                if (said.Length is 0 or > MaxTextChars) break;
                if (_tick is not null) _tick.Label ??= said;
                else TitleOf(CurrentAxis, said, Panel);
                break;
        }
    }

    private SvgTransform? Matrix => _stack.Count == 0 ? SvgTransform.Identity : _stack[^1].Matrix;
    private bool Hidden => _stack.Count > 0 && _stack[^1].Hidden;
    private char CurrentAxis => _stack.Count == 0 ? '\0' : _stack[^1].Axis;
    /// <summary>Inside a text drawn as glyphs (matplotlib's <c>text_N</c> groups): its &lt;use&gt; elements are letters, not marks.</summary>
    private bool Glyphs => _stack.Count > 0 && _stack[^1].Glyphs;
    /// <summary>The plot panel (matplotlib's <c>axes_N</c> group) the element lies in; 0 outside any.</summary>
    private int Panel => _stack.Count == 0 ? 0 : _stack[^1].Panel;

    private void Start(MarkupTokenizer token)
    {
        var name = LocalName(token.Name);
        var id = token.Attribute("id") ?? "";
        var own = SvgTransform.Parse(token.Attribute("transform"));
        var matrix = Matrix is { } m && own is { } o ? m.Then(o) : (SvgTransform?)null;
        var hidden = Hidden || NotDrawn.Contains(name) || id.StartsWith("legend", StringComparison.OrdinalIgnoreCase);
        var axis = id switch
        {
            "matplotlib.axis_1" => 'x',
            "matplotlib.axis_2" => 'y',
            _ => CurrentAxis,
        };
        var glyphs = Glyphs || id.StartsWith("text_", StringComparison.Ordinal);
        var panel = id.StartsWith("axes_", StringComparison.Ordinal) ? ++_panels : Panel;
        if (_tick is null && !hidden && !token.SelfClosing && (id.StartsWith("xtick_", StringComparison.Ordinal) || id.StartsWith("ytick_", StringComparison.Ordinal)))
            _tick = new TickGroup(id[0], _stack.Count, panel);
        if (!hidden && matrix is { } at) Element(name, token, at, glyphs);
        if (token.SelfClosing) return;
        if (_stack.Count >= MaxDepth)
        {
            // Deeper than any plot: the rest is not placed (the text reader still reads it all), and the reader reports the limit.
            TooDeep = true;
            _stack.Add(new Frame(name, null, true, axis, glyphs, panel));
            return;
        }
        _stack.Add(new Frame(name, matrix, hidden, axis, glyphs, panel));
    }

    private void Element(string name, MarkupTokenizer token, SvgTransform at, bool glyphs)
    {
        switch (name)
        {
            case "circle" or "ellipse":
                Mark(at, token.Attribute("cx"), token.Attribute("cy"));
                break;
            case "use":
                // A marker is placed with both x and y; a glyph of a text with x alone, or none.
                var (x, y) = (token.Attribute("x"), token.Attribute("y"));
                if (x is null || y is null) break;
                if (_tick is not null)
                {
                    if (_tick.Position is null && Number(x) is { } tx && Number(y) is { } ty)
                    {
                        var (px, py) = at.Apply(tx, ty);
                        _tick.Position = _tick.Axis == 'x' ? px : py;
                    }
                    break;
                }
                if (!glyphs) Mark(at, x, y);
                break;
            case "path":
                if ((token.Attribute("class") ?? "").Split(' ').Contains("point")) Mark(at, "0", "0", token.Attribute("transform"));
                else if (token.Attribute("d") is { } d) Segment(at, SegmentOf(d));
                break;
            case "line":
                if (Number(token.Attribute("x1")) is { } x1 && Number(token.Attribute("y1")) is { } y1 &&
                    Number(token.Attribute("x2")) is { } x2 && Number(token.Attribute("y2")) is { } y2)
                    Segment(at, (x1, y1, x2, y2));
                break;
            case "polyline":
                var points = (token.Attribute("points") ?? "").Split([' ', ',', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
                if (points.Length == 4 && Number(points[0]) is { } a && Number(points[1]) is { } b && Number(points[2]) is { } c && Number(points[3]) is { } e)
                    Segment(at, (a, b, c, e));
                break;
            case "text":
                if (_text is not null || token.SelfClosing) break;
                var tx0 = Number(FirstOf(token.Attribute("x"))) ?? 0;
                var ty0 = Number(FirstOf(token.Attribute("y"))) ?? 0;
                var (lx, ly) = at.Apply(tx0, ty0);
                _text = new OpenText(lx, ly, at.Turns, _stack.Count, CurrentAxis, Panel);
                break;
        }
    }

    private void End(string name)
    {
        // Pop to the matching element; an end tag with no open match is ignored (malformed markup reads as best it can).
        var at = _stack.FindLastIndex(f => f.Name == name);
        if (at < 0) return;
        while (_stack.Count > at)
        {
            _stack.RemoveAt(_stack.Count - 1);
            if (_text is not null && _text.Depth == _stack.Count) CloseText();
            if (_tick is not null && _tick.Depth == _stack.Count) CloseTick();
        }
    }

    private void CloseText()
    {
        var text = _text!;
        _text = null;
        var said = text.Text.ToString().Trim();
        if (said.Length == 0) return;
        if (_tick is not null)
        {
            _tick.Label ??= said;
            return;
        }
        if (text.Axis != '\0') TitleOf(text.Axis, said, text.Panel);
        if (Labels.Count < MaxLabels) Labels.Add(new SvgLabel(text.X, text.Y, said, text.Turned, text.Panel));
    }

    private void CloseTick()
    {
        var tick = _tick!;
        _tick = null;
        if (tick.Position is { } position && tick.Label is { } label && Ticks.Count < MaxTicks) Ticks.Add(new SvgTick(tick.Axis, position, label, tick.Panel));
    }

    private void TitleOf(char axis, string said, int panel)
    {
        if (axis is 'x' or 'y') Titles.TryAdd((panel, axis), said);
    }

    private void Mark(SvgTransform at, string? x, string? y, string? transform = null)
    {
        if (Number(x) is not { } mx || Number(y) is not { } my) return;
        if (Marks.Count >= MaxMarks)
        {
            MoreMarks++;
            return;
        }
        var (px, py) = at.Apply(mx, my);
        if (!double.IsFinite(px) || !double.IsFinite(py)) return;
        var decimals = transform is null ? Math.Max(Decimals(x!), Decimals(y!)) : NumberDecimals(transform);
        Marks.Add(new SvgMark(px, py, decimals, at.Stretch, Panel));
    }

    private void Segment(SvgTransform at, (double X1, double Y1, double X2, double Y2)? segment)
    {
        if (segment is not var (x1, y1, x2, y2) || VerticalAt.Count + HorizontalAt.Count >= MaxSegments) return;
        var (ax, ay) = at.Apply(x1, y1);
        var (bx, by) = at.Apply(x2, y2);
        if (Math.Abs(ax - bx) < 1e-6 && Math.Abs(ay - by) > 1e-6) VerticalAt.Add((ax, Panel));
        else if (Math.Abs(ay - by) < 1e-6 && Math.Abs(ax - bx) > 1e-6) HorizontalAt.Add((ay, Panel));
    }

    /// <summary>A path of one straight segment (M then one L, H or V, absolute or relative), as tick marks and grid lines are drawn.</summary>
    private static (double, double, double, double)? SegmentOf(string d)
    {
        if (d.Length > 200) return null;
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in d)
        {
            if (char.IsLetter(ch) && ch is not ('e' or 'E'))
            {
                if (current.Length > 0) parts.Add(current.ToString());
                current.Clear();
                parts.Add(ch.ToString());
            }
            else if (ch is ' ' or ',' or '\n' or '\t' or '\r')
            {
                if (current.Length > 0) parts.Add(current.ToString());
                current.Clear();
            }
            else if (ch == '-' && current.Length > 0 && current[^1] is not ('e' or 'E'))
            {
                parts.Add(current.ToString());
                current.Clear().Append(ch);
            }
            else current.Append(ch);
        }
        if (current.Length > 0) parts.Add(current.ToString());
        if (parts.Count < 5 || parts[0] is not ("M" or "m") || Number(parts[1]) is not { } x || Number(parts[2]) is not { } y) return null;
        return (parts[3], parts.Count) switch
        {
            ("L", 6) when Number(parts[4]) is { } x2 && Number(parts[5]) is { } y2 => (x, y, x2, y2),
            ("l", 6) when Number(parts[4]) is { } dx && Number(parts[5]) is { } dy => (x, y, x + dx, y + dy),
            ("H", 5) when Number(parts[4]) is { } x2 => (x, y, x2, y),
            ("h", 5) when Number(parts[4]) is { } dx => (x, y, x + dx, y),
            ("V", 5) when Number(parts[4]) is { } y2 => (x, y, x, y2),
            ("v", 5) when Number(parts[4]) is { } dy => (x, y, x, y + dy),
            _ => null,
        };
    }

    private static string LocalName(string name) => name.IndexOf(':') is var colon and >= 0 ? name[(colon + 1)..] : name;

    private static string? FirstOf(string? list) =>
        list?.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts ? parts[0] : null;

    /// <summary>A coordinate as written (a unit suffix such as px is allowed; percentages are not positions).</summary>
    private static double? Number(string? text)
    {
        if (text is null) return null;
        var t = text.Trim();
        if (t.EndsWith("px", StringComparison.Ordinal)) t = t[..^2];
        return t.Length is > 0 and < 40 && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
    }

    private static int Decimals(string text)
    {
        var t = text.Trim();
        var e = t.IndexOfAny(['e', 'E']);
        if (e >= 0) t = t[..e];
        var dot = t.IndexOf('.');
        return dot < 0 ? 0 : t.Length - dot - 1;
    }

    private static int NumberDecimals(string list) =>
        list.Split(['(', ')', ',', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => Number(p) is not null).Select(Decimals).DefaultIfEmpty(0).Max();
}
