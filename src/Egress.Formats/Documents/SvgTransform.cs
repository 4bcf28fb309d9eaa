using System.Globalization;

namespace Egress.Formats.Documents;

/// <summary>
/// A 2-D affine map as SVG writes it, <c>matrix(a b c d e f)</c>: (x, y) → (a·x + c·y + e, b·x + d·y + f). Group
/// transforms compose from the root down, so a mark's page position is its own coordinates through every ancestor's.
/// </summary>
internal readonly record struct SvgTransform(double A, double B, double C, double D, double E, double F)
{
    public static readonly SvgTransform Identity = new(1, 0, 0, 1, 0, 0);

    public (double X, double Y) Apply(double x, double y) => (A * x + C * y + E, B * x + D * y + F);

    /// <summary>This map after <paramref name="inner"/>: the parent's transform times the child's.</summary>
    public SvgTransform Then(SvgTransform inner) => new(
        A * inner.A + C * inner.B, B * inner.A + D * inner.B,
        A * inner.C + C * inner.D, B * inner.C + D * inner.D,
        A * inner.E + C * inner.F + E, B * inner.E + D * inner.F + F);

    /// <summary>How far a unit step in the element's coordinates can move on the page (bounds the rounding error carried through).</summary>
    public double Stretch => Math.Max(Math.Abs(A) + Math.Abs(C), Math.Abs(B) + Math.Abs(D));

    /// <summary>True when the map turns or shears (rotated text is an axis title, not a tick label).</summary>
    public bool Turns => Math.Abs(B) > 1e-9 || Math.Abs(C) > 1e-9;

    /// <summary>
    /// The transform attribute's list (translate, scale, matrix, rotate, skewX, skewY), or null when it cannot be read
    /// (what lies inside is then not placed: a wrong position is worse than none).
    /// </summary>
    public static SvgTransform? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Identity;
        var result = Identity;
        var i = 0;
        Span<double> args = stackalloc double[6];
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ',')) i++;
            if (i == text.Length) return result;
            var open = text.IndexOf('(', i);
            var close = open < 0 ? -1 : text.IndexOf(')', open);
            if (close < 0) return null;
            var name = text[i..open].Trim();
            var n = 0;
            foreach (var piece in text[(open + 1)..close].Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (n == args.Length || !double.TryParse(piece, NumberStyles.Float, CultureInfo.InvariantCulture, out args[n]) || !double.IsFinite(args[n])) return null;
                n++;
            }
            SvgTransform? step = (name, n) switch
            {
                ("translate", 1) => new SvgTransform(1, 0, 0, 1, args[0], 0),
                ("translate", 2) => new SvgTransform(1, 0, 0, 1, args[0], args[1]),
                ("scale", 1) => new SvgTransform(args[0], 0, 0, args[0], 0, 0),
                ("scale", 2) => new SvgTransform(args[0], 0, 0, args[1], 0, 0),
                ("matrix", 6) => new SvgTransform(args[0], args[1], args[2], args[3], args[4], args[5]),
                ("rotate", 1) => Rotate(args[0], 0, 0),
                ("rotate", 3) => Rotate(args[0], args[1], args[2]),
                ("skewX", 1) => new SvgTransform(1, 0, Math.Tan(args[0] * Math.PI / 180), 1, 0, 0),
                ("skewY", 1) => new SvgTransform(1, Math.Tan(args[0] * Math.PI / 180), 0, 1, 0, 0),
                _ => null,
            };
            if (step is null) return null;
            result = result.Then(step.Value);
            i = close + 1;
        }
    }

    private static SvgTransform Rotate(double degrees, double cx, double cy)
    {
        var r = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(r), Math.Sin(r));
        // Exact quarter turns stay exact (a rotated axis title must read as turned, and nothing else should).
        if (Math.Abs(cos) < 1e-12) cos = 0;
        if (Math.Abs(sin) < 1e-12) sin = 0;
        var turn = new SvgTransform(cos, sin, -sin, cos, 0, 0);
        return new SvgTransform(1, 0, 0, 1, cx, cy).Then(turn).Then(new SvgTransform(1, 0, 0, 1, -cx, -cy));
    }
}
