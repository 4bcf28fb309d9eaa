using System.Globalization;
using System.Text;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>One panel of a plot: its points in data units and its axis titles.</summary>
public sealed record PlotPanel(IReadOnlyList<(double X, double Y)> Points, string XTitle, string YTitle, bool Line = false);

/// <summary>
/// SVG plots written the way the common plotting libraries write them — matplotlib (markers placed by &lt;use&gt; in
/// <c>axes_N</c> groups, ticks in <c>xtick_N</c>/<c>ytick_N</c> groups with the label in a comment before its glyphs),
/// svglite as ggplot2 uses it (circles with cx/cy at two decimals, tick labels as texts beside polyline ticks and grid
/// lines), and Plotly (<c>path.point</c> placed by a translate transform, tick texts translated, grid paths).
/// </summary>
public static class PlotSvg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Ticks as the libraries choose them: about six, at 1, 2, 2.5 or 5 times a power of ten, inside the padded range.</summary>
    public static (double Lo, double Hi, List<double> Ticks) Scale(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (min, max) = (list.Min(), list.Max());
        if (max - min < 1e-9) (min, max) = (min - 1, max + 1);
        var pad = (max - min) * 0.05;
        var (lo, hi) = (min - pad, max + pad);
        var raw = (hi - lo) / 6;
        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * p).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(lo / step) * step; t <= hi + 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        return (lo, hi, ticks);
    }

    /// <summary>A tick label as matplotlib formats it: the fewest decimals the step needs, a typographic minus.</summary>
    public static string Label(double value, IReadOnlyList<double> ticks)
    {
        var step = ticks.Count > 1 ? ticks[1] - ticks[0] : 1;
        var decimals = 0;
        while (decimals < 6 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
        var text = value.ToString("F" + decimals, Inv);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }

    private static string Mpl(double v) => Math.Round(v, 6).ToString("0.######", Inv);

    public static string Matplotlib(IReadOnlyList<PlotPanel> panels, Random random)
    {
        var (width, height) = (460.8, 345.6 * panels.Count);
        var s = new StringBuilder();
        s.Append("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n  \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n");
        s.Append($"<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{Mpl(width)}pt\" height=\"{Mpl(height)}pt\" viewBox=\"0 0 {Mpl(width)} {Mpl(height)}\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\">\n");
        s.Append(" <metadata>\n  <rdf:RDF xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:cc=\"http://creativecommons.org/ns#\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n   <cc:Work>\n    <dc:type rdf:resource=\"http://purl.org/dc/dcmitype/StillImage\"/>\n    <dc:date>2026-11-03T10:12:44.120931</dc:date>\n    <dc:format>image/svg+xml</dc:format>\n    <dc:creator>\n     <cc:Agent>\n      <dc:title>Matplotlib v3.8.2, https://matplotlib.org/</dc:title>\n     </cc:Agent>\n    </dc:creator>\n   </cc:Work>\n  </rdf:RDF>\n </metadata>\n");
        s.Append(" <defs>\n  <style type=\"text/css\">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n </defs>\n <g id=\"figure_1\">\n");
        s.Append($"  <g id=\"patch_1\">\n   <path d=\"M 0 {Mpl(height)} L {Mpl(width)} {Mpl(height)} L {Mpl(width)} 0 L 0 0 z\" style=\"fill: #ffffff\"/>\n  </g>\n");
        var text = 1;
        var line = 1;
        for (var a = 0; a < panels.Count; a++)
        {
            var panel = panels[a];
            var top = 41.472 + 345.6 * a;
            var (left, right, bottom) = (57.6, 414.72, top + 266.112);
            var (xlo, xhi, xticks) = Scale(panel.Points.Select(p => p.X));
            var (ylo, yhi, yticks) = Scale(panel.Points.Select(p => p.Y));
            double Px(double v) => left + (v - xlo) / (xhi - xlo) * (right - left);
            double Py(double v) => bottom - (v - ylo) / (yhi - ylo) * (bottom - top);
            s.Append($"  <g id=\"axes_{a + 1}\">\n   <g id=\"patch_{a + 2}\">\n    <path d=\"M {Mpl(left)} {Mpl(bottom)} L {Mpl(right)} {Mpl(bottom)} L {Mpl(right)} {Mpl(top)} L {Mpl(left)} {Mpl(top)} z\" style=\"fill: #ffffff\"/>\n   </g>\n");
            var marker = "m" + random.Next().ToString("x8", Inv) + "a1";
            if (panel.Line)
            {
                s.Append($"   <g id=\"line2d_{line++}\">\n    <path d=\"");
                s.Append(string.Join(" ", panel.Points.Select((p, i) => $"{(i == 0 ? "M" : "L")} {Mpl(Px(p.X))} {Mpl(Py(p.Y))}")));
                s.Append($"\" clip-path=\"url(#p{marker})\" style=\"fill: none; stroke: #1f77b4; stroke-width: 1.5; stroke-linecap: square\"/>\n");
            }
            else s.Append($"   <g id=\"PathCollection_{a + 1}\">\n");
            s.Append($"    <defs>\n     <path id=\"{marker}\" d=\"M 0 3 C 0.795609 3 1.55874 2.683901 2.12132 2.12132 C 2.683901 1.55874 3 0.795609 3 0 C 3 -0.795609 2.683901 -1.55874 2.12132 -2.12132 C 1.55874 -2.683901 0.795609 -3 0 -3 C -0.795609 -3 -1.55874 -2.683901 -2.12132 -2.12132 C -2.683901 -1.55874 -3 -0.795609 -3 0 C -3 0.795609 -2.683901 1.55874 -2.12132 2.12132 C -1.55874 2.683901 -0.795609 3 0 3 z\" style=\"stroke: #1f77b4\"/>\n    </defs>\n");
            s.Append($"    <g clip-path=\"url(#p{marker})\">\n");
            foreach (var (x, y) in panel.Points)
                s.Append($"     <use xlink:href=\"#{marker}\" x=\"{Mpl(Px(x))}\" y=\"{Mpl(Py(y))}\" style=\"fill: #1f77b4; stroke: #1f77b4\"/>\n");
            s.Append("    </g>\n   </g>\n");
            foreach (var (axis, ticks, id) in new[] { ('x', xticks, 2 * a + 1), ('y', yticks, 2 * a + 2) })
            {
                s.Append($"   <g id=\"matplotlib.axis_{id}\">\n");
                var n = 1;
                foreach (var t in ticks)
                {
                    var tick = "m" + random.Next().ToString("x8", Inv) + "b2";
                    var (tx, ty) = axis == 'x' ? (Px(t), bottom) : (left, Py(t));
                    var label = Label(t, ticks);
                    s.Append($"    <g id=\"{axis}tick_{n++}\">\n     <g id=\"line2d_{line++}\">\n      <defs>\n       <path id=\"{tick}\" d=\"{(axis == 'x' ? "M 0 0 L 0 3.5" : "M 0 0 L -3.5 0")}\" style=\"stroke: #000000; stroke-width: 0.8\"/>\n      </defs>\n");
                    s.Append($"      <g>\n       <use xlink:href=\"#{tick}\" x=\"{Mpl(tx)}\" y=\"{Mpl(ty)}\" style=\"stroke: #000000; stroke-width: 0.8\"/>\n      </g>\n     </g>\n");
                    var (gx, gy) = axis == 'x' ? (tx - 3.2 * label.Length, bottom + 14.6) : (left - 7 - 6.4 * label.Length, ty + 3.8);
                    s.Append($"     <g id=\"text_{text++}\">\n      <!-- {label} -->\n      <g transform=\"translate({Mpl(gx)} {Mpl(gy)}) scale(0.1 -0.1)\">\n");
                    for (var c = 0; c < label.Length; c++)
                        s.Append(c == 0 ? $"       <use xlink:href=\"#DejaVuSans-{(int)label[c]:x}\"/>\n" : $"       <use xlink:href=\"#DejaVuSans-{(int)label[c]:x}\" x=\"{Mpl(63.623047 * c)}\"/>\n");
                    s.Append("      </g>\n     </g>\n    </g>\n");
                }
                var title = axis == 'x' ? panel.XTitle : panel.YTitle;
                s.Append($"    <g id=\"text_{text++}\">\n     <!-- {title} -->\n     <g transform=\"translate({(axis == 'x' ? $"{Mpl((left + right) / 2)} {Mpl(bottom + 28)}" : $"{Mpl(left - 34)} {Mpl((top + bottom) / 2)}) rotate(-90")}) scale(0.1 -0.1)\">\n      <use xlink:href=\"#DejaVuSans-62\"/>\n     </g>\n    </g>\n   </g>\n");
            }
            s.Append($"   <g id=\"patch_{a + 10}\">\n    <path d=\"M {Mpl(left)} {Mpl(bottom)} L {Mpl(left)} {Mpl(top)}\" style=\"fill: none; stroke: #000000; stroke-width: 0.8\"/>\n   </g>\n  </g>\n");
        }
        s.Append(" </g>\n <defs>\n  <clipPath id=\"p0\">\n   <rect x=\"57.6\" y=\"41.472\" width=\"357.12\" height=\"266.112\"/>\n  </clipPath>\n </defs>\n</svg>\n");
        return s.ToString();
    }

    private static string F2(double v) => v.ToString("F2", Inv);

    public static string Svglite(PlotPanel panel)
    {
        var (left, right, top, bottom) = (38.56, 714.52, 5.48, 542.32);
        var (xlo, xhi, xticks) = Scale(panel.Points.Select(p => p.X));
        var (ylo, yhi, yticks) = Scale(panel.Points.Select(p => p.Y));
        double Px(double v) => left + (v - xlo) / (xhi - xlo) * (right - left);
        double Py(double v) => bottom - (v - ylo) / (yhi - ylo) * (bottom - top);
        var s = new StringBuilder();
        s.Append("<?xml version='1.0' encoding='UTF-8' ?>\n<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' class='svglite' width='720.00pt' height='576.00pt' viewBox='0 0 720.00 576.00'>\n");
        s.Append("<defs>\n  <style type='text/css'><![CDATA[\n    .svglite line, .svglite polyline, .svglite polygon, .svglite path, .svglite rect, .svglite circle {\n      fill: none;\n      stroke: #000000;\n      stroke-linecap: round;\n      stroke-linejoin: round;\n      stroke-miterlimit: 10.00;\n    }\n  ]]></style>\n</defs>\n");
        s.Append("<rect width='100%' height='100%' style='stroke: none; fill: #FFFFFF;'/>\n");
        s.Append($"<defs>\n  <clipPath id='cpMzguNTZ8NzE0LjUyfDUuNDh8NTQyLjMy'>\n    <rect x='{F2(left)}' y='{F2(top)}' width='{F2(right - left)}' height='{F2(bottom - top)}' />\n  </clipPath>\n</defs>\n");
        s.Append("<g clip-path='url(#cpMzguNTZ8NzE0LjUyfDUuNDh8NTQyLjMy)'>\n");
        s.Append($"<rect x='{F2(left)}' y='{F2(top)}' width='{F2(right - left)}' height='{F2(bottom - top)}' style='stroke-width: 1.07; stroke: none; fill: #EBEBEB;' />\n");
        for (var i = 0; i + 1 < yticks.Count; i++)
            s.Append($"<polyline points='{F2(left)},{F2(Py((yticks[i] + yticks[i + 1]) / 2))} {F2(right)},{F2(Py((yticks[i] + yticks[i + 1]) / 2))} ' style='stroke-width: 0.53; stroke: #FFFFFF; stroke-linecap: butt;' />\n");
        foreach (var t in yticks) s.Append($"<polyline points='{F2(left)},{F2(Py(t))} {F2(right)},{F2(Py(t))} ' style='stroke-width: 1.07; stroke: #FFFFFF; stroke-linecap: butt;' />\n");
        foreach (var t in xticks) s.Append($"<polyline points='{F2(Px(t))},{F2(bottom)} {F2(Px(t))},{F2(top)} ' style='stroke-width: 1.07; stroke: #FFFFFF; stroke-linecap: butt;' />\n");
        if (panel.Line)
            s.Append($"<polyline points='{string.Join(" ", panel.Points.Select(p => $"{F2(Px(p.X))},{F2(Py(p.Y))}"))} ' style='stroke-width: 1.07; stroke-linecap: butt;' />\n");
        foreach (var (x, y) in panel.Points)
            s.Append($"<circle cx='{F2(Px(x))}' cy='{F2(Py(y))}' r='1.95' style='stroke-width: 0.71; fill: #000000;' />\n");
        s.Append("</g>\n<g clip-path='url(#cpMC4wMHw3MjAuMDB8MC4wMHw1NzYuMDA=)'>\n");
        foreach (var t in yticks)
            s.Append($"<text x='{F2(left - 4.93)}' y='{F2(Py(t) + 3.15)}' text-anchor='end' style='font-size: 8.80px; fill: #4D4D4D; font-family: \"Liberation Sans\";' textLength='{F2(4.9 * Label(t, yticks).Length)}px' lengthAdjust='spacingAndGlyphs'>{Label(t, yticks).Replace('\u2212', '-')}</text>\n");
        foreach (var t in yticks) s.Append($"<polyline points='{F2(left - 2.74)},{F2(Py(t))} {F2(left)},{F2(Py(t))} ' style='stroke-width: 1.07; stroke: #333333; stroke-linecap: butt;' />\n");
        foreach (var t in xticks) s.Append($"<polyline points='{F2(Px(t))},{F2(bottom + 2.74)} {F2(Px(t))},{F2(bottom)} ' style='stroke-width: 1.07; stroke: #333333; stroke-linecap: butt;' />\n");
        foreach (var t in xticks)
            s.Append($"<text x='{F2(Px(t))}' y='{F2(bottom + 11.79)}' text-anchor='middle' style='font-size: 8.80px; fill: #4D4D4D; font-family: \"Liberation Sans\";' textLength='{F2(4.9 * Label(t, xticks).Length)}px' lengthAdjust='spacingAndGlyphs'>{Label(t, xticks).Replace('\u2212', '-')}</text>\n");
        s.Append($"<text x='{F2((left + right) / 2)}' y='{F2(bottom + 27.1)}' text-anchor='middle' style='font-size: 11.00px; font-family: \"Liberation Sans\";' textLength='40.00px' lengthAdjust='spacingAndGlyphs'>{panel.XTitle}</text>\n");
        s.Append($"<text transform='translate(13.37,{F2((top + bottom) / 2)}) rotate(-90)' text-anchor='middle' style='font-size: 11.00px; font-family: \"Liberation Sans\";' textLength='40.00px' lengthAdjust='spacingAndGlyphs'>{panel.YTitle}</text>\n");
        s.Append("</g>\n</svg>\n");
        return s.ToString();
    }

    private static string P(double v) => Math.Round(v, 2).ToString("0.##", Inv);

    /// <summary>A Plotly figure's static SVG: the plot area translated, points as path.point, tick texts translated onto their grid lines.</summary>
    public static string Plotly(PlotPanel panel)
    {
        var (ox, oy, w, h) = (80.0, 100.0, 540.0, 320.0);
        var (xlo, xhi, xticks) = Scale(panel.Points.Select(p => p.X));
        var (ylo, yhi, yticks) = Scale(panel.Points.Select(p => p.Y));
        double Px(double v) => (v - xlo) / (xhi - xlo) * w;
        double Py(double v) => h - (v - ylo) / (yhi - ylo) * h;
        var s = new StringBuilder();
        s.Append("<svg class=\"main-svg\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"700\" height=\"500\" style=\"\" viewBox=\"0 0 700 500\">");
        s.Append("<rect x=\"0\" y=\"0\" width=\"700\" height=\"500\" style=\"fill: rgb(255, 255, 255); fill-opacity: 1;\"/><defs id=\"defs-1a2b3c\"><g class=\"clips\"><clipPath id=\"clip1a2b3cxyplot\" class=\"plotclip\"><rect width=\"540\" height=\"320\"/></clipPath></g></defs>");
        s.Append("<g class=\"bglayer\"><rect class=\"bg\" x=\"80\" y=\"100\" width=\"540\" height=\"320\" style=\"fill: rgb(229, 236, 246); fill-opacity: 1; stroke-width: 0;\"/></g>");
        s.Append("<g class=\"layer-below\"><g class=\"imagelayer\"/><g class=\"shapelayer\"/></g><g class=\"cartesianlayer\"><g class=\"subplot xy\"><g class=\"layer-subplot\"><g class=\"shapelayer\"/><g class=\"imagelayer\"/></g><g class=\"minor-gridlayer\"><g class=\"x\"/><g class=\"y\"/></g><g class=\"gridlayer\"><g class=\"x\">");
        foreach (var t in xticks) s.Append($"<path class=\"xgrid crisp\" transform=\"translate({P(ox + Px(t))},0)\" d=\"M0,{P(oy)}v{P(h)}\" style=\"stroke: rgb(255, 255, 255); stroke-opacity: 1; stroke-width: 1px;\"/>");
        s.Append("</g><g class=\"y\">");
        foreach (var t in yticks) s.Append($"<path class=\"ygrid crisp\" transform=\"translate(0,{P(oy + Py(t))})\" d=\"M{P(ox)},0h{P(w)}\" style=\"stroke: rgb(255, 255, 255); stroke-opacity: 1; stroke-width: 1px;\"/>");
        s.Append($"</g></g><g class=\"zerolinelayer\"/><path class=\"xlines-below\"/><path class=\"ylines-below\"/><g class=\"overlines-below\"/><g class=\"xaxislayer-below\"/><g class=\"yaxislayer-below\"/><g class=\"overaxes-below\"/>");
        s.Append($"<g class=\"plot\" transform=\"translate({P(ox)},{P(oy)})\" clip-path=\"url(#clip1a2b3cxyplot)\"><g class=\"scatterlayer mlayer\"><g class=\"trace scatter trace4d5e6f\" style=\"stroke-miterlimit: 2; opacity: 1;\"><g class=\"fills\"/><g class=\"errorbars\"/><g class=\"lines\"/><g class=\"points\">");
        foreach (var (x, y) in panel.Points)
            s.Append($"<path class=\"point\" transform=\"translate({P(Px(x))},{P(Py(y))})\" d=\"M3,0A3,3 0 1,1 0,-3A3,3 0 0,1 3,0Z\" style=\"opacity: 1; stroke-width: 0px; fill: rgb(99, 110, 250); fill-opacity: 1;\"/>");
        s.Append("</g><g class=\"text\"/></g></g></g><g class=\"overplot\"/><path class=\"xlines-above crisp\" d=\"M0,0\" style=\"fill: none;\"/><path class=\"ylines-above crisp\" d=\"M0,0\" style=\"fill: none;\"/><g class=\"overlines-above\"/><g class=\"xaxislayer-above\">");
        foreach (var t in xticks)
            s.Append($"<g class=\"xtick\"><text text-anchor=\"middle\" x=\"0\" y=\"433\" transform=\"translate({P(ox + Px(t))},0)\" style=\"font-family: 'Open Sans', verdana, arial, sans-serif; font-size: 12px; fill: rgb(42, 63, 95); fill-opacity: 1; white-space: pre; opacity: 1;\">{Label(t, xticks)}</text></g>");
        s.Append("</g><g class=\"yaxislayer-above\">");
        foreach (var t in yticks)
            s.Append($"<g class=\"ytick\"><text text-anchor=\"end\" x=\"79\" y=\"4.199999999999999\" transform=\"translate(0,{P(oy + Py(t))})\" style=\"font-family: 'Open Sans', verdana, arial, sans-serif; font-size: 12px; fill: rgb(42, 63, 95); fill-opacity: 1; white-space: pre; opacity: 1;\">{Label(t, yticks)}</text></g>");
        s.Append("</g><g class=\"overaxes-above\"/></g></g><g class=\"polarlayer\"/><g class=\"smithlayer\"/><g class=\"ternarylayer\"/><g class=\"geolayer\"/><g class=\"funnelarealayer\"/><g class=\"pielayer\"/><g class=\"iciclelayer\"/><g class=\"treemaplayer\"/><g class=\"sunburstlayer\"/><g class=\"glimages\"/></svg>");
        return s.ToString();
    }
}
