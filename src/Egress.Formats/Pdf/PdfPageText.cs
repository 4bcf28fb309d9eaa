using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pdf;

/// <summary>The text one content stream (with the forms it draws) shows, and how much of it could be read.</summary>
public sealed record PageText(string Text, int Glyphs, int Unmapped);

/// <summary>
/// Interprets content streams for their text: the strings shown by Tj, TJ, ' and ", decoded through
/// each font (ToUnicode, encoding, glyph names), placed by the text and graphics matrices, and put
/// back into lines (runs on one baseline, left to right, a space where a gap is). Form XObjects are
/// followed (depth-bounded, loops refused); inline images are stepped over.
/// </summary>
public sealed class PdfPageText(PdfFile file, UnpackContext context)
{
    private readonly PdfFile _file = file;
    private readonly UnpackContext _context = context;

    private const int MaxFormDepth = 12;
    private const int MaxOperands = 1024;
    private const int MaxStateDepth = 1024;
    /// <summary>Operators interpreted over one page, forms included, at most.</summary>
    private const long MaxOperators = 50_000_000;

    private readonly Dictionary<object, PdfFont> _fonts = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int> _formsWithoutText = [];

    /// <summary>Form XObjects (by object number) drawn by the content read so far.</summary>
    public HashSet<int> FormsDrawn { get; } = [];

    public PageText Read(byte[] content, PdfDictionary? resources) => Read(content, resources, Matrix.Identity);

    private PageText Read(byte[] content, PdfDictionary? resources, Matrix ctm)
    {
        var run = new Interpretation(this, resources, ctm);
        run.Interpret(content, 0);
        return new PageText(Lines(run.Runs), run.Glyphs, run.Unmapped);
    }

    private PdfFont FontFor(PdfObject? reference)
    {
        var dictionary = _file.ResolveDictionary(reference);
        if (dictionary is null) return PdfFont.Fallback;
        if (!_fonts.TryGetValue(dictionary, out var font)) _fonts[dictionary] = font = new PdfFont(_file, dictionary, _context);
        return font;
    }

    private readonly record struct TextRun(double X, double Y, double EndX, double Size, bool Horizontal, string Text);

    private sealed class Interpretation(PdfPageText owner, PdfDictionary? pageResources, Matrix initial)
    {
        private readonly List<PdfObject> _operands = [];
        private readonly Stack<State> _saved = new();
        private readonly HashSet<int> _formsOpen = [];
        private State _state = new() { Ctm = initial };
        private Matrix _tm = Matrix.Identity, _tlm = Matrix.Identity;
        private long _operators;

        public List<TextRun> Runs { get; } = [];
        public int Glyphs { get; private set; }
        public int Unmapped { get; private set; }

        public void Interpret(byte[] content, int depth, PdfDictionary? resources = null)
        {
            resources ??= pageResources;
            var syntax = new PdfSyntax(content, owner._context.Limits.MaxNesting);
            _operands.Clear();
            while (true)
            {
                PdfObject? token;
                try
                {
                    token = syntax.ReadObject();
                }
                catch (InvalidDataException)
                {
                    // Deep nesting in a content stream: skip the rest of this stream.
                    return;
                }
                if (token is null) return;
                if (token is not PdfKeyword op)
                {
                    if (_operands.Count >= MaxOperands) _operands.RemoveAt(0);
                    _operands.Add(token);
                    continue;
                }
                if (++_operators > MaxOperators) throw new InputLimitException($"more than {MaxOperators:N0} drawing operators on one page");
                if ((_operators & 0xFFFF) == 0) owner._context.ThrowIfCancelled();
                Apply(op.Value, syntax, depth, resources);
                _operands.Clear();
            }
        }

        private double Num(int fromEnd) => _operands.Count >= fromEnd && _operands[^fromEnd] is PdfNumber n ? n.Value : 0;

        private void Apply(string op, PdfSyntax syntax, int depth, PdfDictionary? resources)
        {
            switch (op)
            {
                case "q":
                    if (_saved.Count < MaxStateDepth) _saved.Push(_state);
                    break;
                case "Q":
                    if (_saved.Count > 0) _state = _saved.Pop();
                    break;
                case "cm":
                    _state = _state with { Ctm = new Matrix(Num(6), Num(5), Num(4), Num(3), Num(2), Num(1)).Times(_state.Ctm) };
                    break;
                case "BT":
                    _tm = _tlm = Matrix.Identity;
                    break;
                case "Tf":
                    _state = _state with
                    {
                        Font = _operands.Count >= 2 && _operands[^2] is PdfName name ? owner.FontFor(Resource(resources, "Font", name.Value)) : PdfFont.Fallback,
                        FontSize = Num(1),
                    };
                    break;
                case "Tc": _state = _state with { CharSpacing = Num(1) }; break;
                case "Tw": _state = _state with { WordSpacing = Num(1) }; break;
                case "Tz": _state = _state with { Scale = Num(1) / 100 }; break;
                case "TL": _state = _state with { Leading = Num(1) }; break;
                case "Ts": _state = _state with { Rise = Num(1) }; break;
                case "Td":
                    MoveLine(Num(2), Num(1));
                    break;
                case "TD":
                    _state = _state with { Leading = -Num(1) };
                    MoveLine(Num(2), Num(1));
                    break;
                case "Tm":
                    _tm = _tlm = new Matrix(Num(6), Num(5), Num(4), Num(3), Num(2), Num(1));
                    break;
                case "T*":
                    MoveLine(0, -_state.Leading);
                    break;
                case "Tj":
                    if (_operands.Count >= 1 && _operands[^1] is PdfString s) Show(s.Bytes);
                    break;
                case "'":
                    MoveLine(0, -_state.Leading);
                    if (_operands.Count >= 1 && _operands[^1] is PdfString s1) Show(s1.Bytes);
                    break;
                case "\"":
                    _state = _state with { WordSpacing = Num(3), CharSpacing = Num(2) };
                    MoveLine(0, -_state.Leading);
                    if (_operands.Count >= 1 && _operands[^1] is PdfString s2) Show(s2.Bytes);
                    break;
                case "TJ":
                    if (_operands.Count >= 1 && _operands[^1] is PdfArray array)
                        foreach (var item in array.Items)
                        {
                            if (item is PdfString part) Show(part.Bytes);
                            else if (item is PdfNumber adjust) Advance(-adjust.Value / 1000 * _state.FontSize * _state.Scale);
                        }
                    break;
                case "Do":
                    if (_operands.Count >= 1 && _operands[^1] is PdfName xobject) DrawForm(Resource(resources, "XObject", xobject.Value), depth, resources);
                    break;
                case "BI":
                    SkipInlineImage(syntax);
                    break;
            }
        }

        private PdfObject? Resource(PdfDictionary? resources, string category, string name)
        {
            var file = owner._file;
            var group = file.ResolveDictionary(resources?[category]);
            return group?[name];
        }

        private void MoveLine(double tx, double ty)
        {
            _tlm = Matrix.Translation(tx, ty).Times(_tlm);
            _tm = _tlm;
        }

        private void Advance(double tx) => _tm = Matrix.Translation(tx, 0).Times(_tm);

        private void Show(byte[] bytes)
        {
            var font = _state.Font ?? PdfFont.Fallback;
            var (text, unmapped, glyphs, width, spaces) = font.Decode(bytes);
            Glyphs += glyphs;
            Unmapped += unmapped;
            var m = _tm.Times(_state.Ctm);
            var tx = (width / 1000 * _state.FontSize + _state.CharSpacing * glyphs + _state.WordSpacing * spaces) * _state.Scale;
            var (x, y) = m.Apply(0, _state.Rise);
            var (endX, _) = m.Apply(tx, _state.Rise);
            var size = Math.Abs(_state.FontSize) * Math.Sqrt(m.C * m.C + m.D * m.D);
            var horizontal = m.A > 0 && Math.Abs(m.B) <= 0.1 * m.A;
            Advance(tx);
            if (text.Length == 0) return;
            if (Runs.Count > 0 && horizontal && Runs[^1] is { Horizontal: true } last && Math.Abs(last.Y - y) < 0.01 * Math.Max(size, 1)
                && x - last.EndX is var gap && gap > -0.01 * size && gap < 0.1 * size)
            {
                // Continues the previous run (kerned pieces of one word): keep one run.
                Runs[^1] = last with { EndX = endX, Text = last.Text + text };
                return;
            }
            Runs.Add(new TextRun(x, y, endX, Math.Max(size, 0.01), horizontal, text));
        }

        private void DrawForm(PdfObject? reference, int depth, PdfDictionary? resources)
        {
            var file = owner._file;
            if (file.Resolve(reference) is not PdfStream form || form.Dictionary.NameOf("Subtype") != "Form") return;
            var number = reference is PdfReference r ? r.Number : -1;
            if (number >= 0)
            {
                owner.FormsDrawn.Add(number);
                if (owner._formsWithoutText.Contains(number) || _formsOpen.Contains(number)) return;
            }
            if (depth >= MaxFormDepth) return;
            var decoded = PdfFilters.Decode(file, form, owner._context);
            if (decoded.Status != DecodeStatus.Decoded) return;
            var saved = (_state, _tm, _tlm, Stack: _saved.Count);
            var matrix = file.Resolve(form.Dictionary["Matrix"]) is PdfArray { Items.Count: 6 } m
                ? new Matrix(Value(m, 0), Value(m, 1), Value(m, 2), Value(m, 3), Value(m, 4), Value(m, 5))
                : Matrix.Identity;
            _state = _state with { Ctm = matrix.Times(_state.Ctm) };
            var before = Runs.Count;
            if (number >= 0) _formsOpen.Add(number);
            var operands = _operands.ToList();
            Interpret(decoded.Bytes, depth + 1, file.ResolveDictionary(form.Dictionary["Resources"]) ?? resources);
            _operands.Clear();
            _operands.AddRange(operands);
            if (number >= 0) _formsOpen.Remove(number);
            if (Runs.Count == before && number >= 0) owner._formsWithoutText.Add(number);
            (_state, _tm, _tlm, _) = saved;
            while (_saved.Count > saved.Stack) _saved.Pop();
        }

        private double Value(PdfArray array, int i) => owner._file.ResolveNumber(array.Items[i]) ?? 0;

        /// <summary>BI … ID binary data EI: step over the data to an "EI" that stands alone.</summary>
        private static void SkipInlineImage(PdfSyntax syntax)
        {
            while (syntax.ReadObject() is { } token)
            {
                if (token is PdfKeyword { Value: "ID" }) break;
                if (token is PdfKeyword { Value: "EI" }) return;
            }
            var span = syntax.Data.Span;
            var at = syntax.Position + 1;
            while (at < span.Length)
            {
                var hit = span[at..].IndexOf("EI"u8);
                if (hit < 0)
                {
                    syntax.Position = span.Length;
                    return;
                }
                at += hit;
                var before = at == 0 || PdfSyntax.IsWhitespace(span[at - 1]);
                var after = at + 2 >= span.Length || PdfSyntax.IsWhitespace(span[at + 2]) || PdfSyntax.IsDelimiter(span[at + 2]);
                if (before && after)
                {
                    syntax.Position = at + 2;
                    return;
                }
                at += 2;
            }
            syntax.Position = span.Length;
        }
    }

    private readonly record struct State
    {
        public Matrix Ctm { get; init; }
        public PdfFont? Font { get; init; }
        public double FontSize { get; init; }
        public double CharSpacing { get; init; }
        public double WordSpacing { get; init; }
        public double Scale { get; init; }
        public double Leading { get; init; }
        public double Rise { get; init; }

        public State()
        {
            Ctm = Matrix.Identity;
            FontSize = 1;
            Scale = 1;
        }
    }

    /// <summary>Runs into lines: horizontal runs grouped by baseline, top to bottom, left to right; others each on a line of their own.</summary>
    private static string Lines(List<TextRun> runs)
    {
        var text = new StringBuilder();
        var horizontal = runs.Where(r => r.Horizontal).OrderByDescending(r => r.Y).ToList();
        var line = new List<TextRun>();
        double lineY = 0, lineSize = 0;
        foreach (var run in horizontal)
        {
            if (line.Count > 0 && Math.Abs(run.Y - lineY) > 0.4 * Math.Min(run.Size, lineSize))
            {
                Emit(line, text);
                line.Clear();
            }
            if (line.Count == 0)
            {
                lineY = run.Y;
                lineSize = run.Size;
            }
            line.Add(run);
        }
        Emit(line, text);
        foreach (var run in runs.Where(r => !r.Horizontal)) text.Append(run.Text).Append('\n');
        return text.ToString();
    }

    private static void Emit(List<TextRun> line, StringBuilder text)
    {
        if (line.Count == 0) return;
        line.Sort((a, b) => a.X.CompareTo(b.X));
        TextRun? previous = null;
        foreach (var run in line)
        {
            if (previous is { } p)
            {
                var gap = run.X - p.EndX;
                // The same text drawn again a hair to the side is fake bold, not more text.
                if (run.Text == p.Text && Math.Abs(run.X - p.X) < 0.2 * run.Size) continue;
                if (gap > 1.5 * run.Size) text.Append("  ");
                else if (gap > 0.15 * run.Size) text.Append(' ');
            }
            text.Append(run.Text);
            previous = run;
        }
        text.Append('\n');
    }
}

/// <summary>A PDF transformation matrix [a b c d e f].</summary>
public readonly record struct Matrix(double A, double B, double C, double D, double E, double F)
{
    public static readonly Matrix Identity = new(1, 0, 0, 1, 0, 0);

    public static Matrix Translation(double x, double y) => new(1, 0, 0, 1, x, y);

    /// <summary>This matrix followed by <paramref name="other"/> (PDF's row-vector convention).</summary>
    public Matrix Times(Matrix other) => new(
        A * other.A + B * other.C, A * other.B + B * other.D,
        C * other.A + D * other.C, C * other.B + D * other.D,
        E * other.A + F * other.C + other.E, E * other.B + F * other.D + other.F);

    public (double X, double Y) Apply(double x, double y) => (x * A + y * C + E, x * B + y * D + F);
}
