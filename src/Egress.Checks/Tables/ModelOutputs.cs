using System.Globalization;
using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

/// <summary>
/// Model summaries printed to the console: R's summary() of lm/glm and its coxph print, Stata's
/// regress/logit/logistic, and statsmodels' summary(). Each coefficient table becomes a grid of
/// kind Model, with the residual degrees of freedom and observations the output states ("on 95
/// degrees of freedom", "F(3, 96)", "Df Residuals: 96", "Number of obs = 100"). The lines of a model's
/// whole output are marked consumed so its residual quantiles (Min … Max) are not read as a table
/// of minima and maxima.
/// </summary>
public static partial class ModelOutputs
{
    private static readonly Regex RHeader = RHeaderPattern();
    [GeneratedRegex(@"^\s+(?:Estimate\s+Std\.\s?Error|coef\s+exp\(coef\)\s+se\(coef\))", RegexOptions.CultureInvariant)]
    private static partial Regex RHeaderPattern();
    private static readonly Regex RDf = RDfPattern();
    [GeneratedRegex(@"(?:Residual standard error|Residual deviance):.*?\bon\s+([\d,]+)\s+degrees of freedom", RegexOptions.CultureInvariant)]
    private static partial Regex RDfPattern();
    private static readonly Regex RNullDf = RNullDfPattern();
    [GeneratedRegex(@"Null deviance:.*?\bon\s+([\d,]+)\s+degrees of freedom", RegexOptions.CultureInvariant)]
    private static partial Regex RNullDfPattern();
    private static readonly Regex RCoxCounts = RCoxCountsPattern();
    [GeneratedRegex(@"\bn\s*=\s*([\d,]+),\s*number of events\s*=\s*([\d,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RCoxCountsPattern();
    private static readonly Regex StataHeader = StataHeaderPattern();
    [GeneratedRegex(@"\|.*(?:Coef\.|Coefficient|Odds ratio|Haz\. ratio|IRR|RRR|exp\(b\)).*Std\.\s?[Ee]rr.*P>\|[tz]\|", RegexOptions.CultureInvariant)]
    private static partial Regex StataHeaderPattern();
    private static readonly Regex StataObs = StataObsPattern();
    [GeneratedRegex(@"Number of obs\s*=\s*([\d,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StataObsPattern();
    private static readonly Regex StataF = StataFPattern();
    [GeneratedRegex(@"\bF\(\s*[\d,]+\s*,\s*([\d,]+)\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex StataFPattern();
    private static readonly Regex StataResidual = StataResidualPattern();
    [GeneratedRegex(@"^\s*Residual\s*\|\s*\S+\s+([\d,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StataResidualPattern();
    private static readonly Regex SmHeader = SmHeaderPattern();
    [GeneratedRegex(@"^\s*coef\s+std err\s+([tz])\s+P>\|[tz]\|", RegexOptions.CultureInvariant)]
    private static partial Regex SmHeaderPattern();
    private static readonly Regex SmDf = SmDfPattern();
    [GeneratedRegex(@"Df Residuals:\s+([\d,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SmDfPattern();
    private static readonly Regex SmObs = SmObsPattern();
    [GeneratedRegex(@"No\. Observations:\s+([\d,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SmObsPattern();

    public static IEnumerable<Grid> Find(List<string> lines, bool[] consumed)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (consumed[i]) continue;
            Grid? grid = null;
            if (RHeader.IsMatch(lines[i])) grid = R(lines, i, consumed);
            else if (StataHeader.IsMatch(lines[i])) grid = Stata(lines, i, consumed);
            else if (SmHeader.IsMatch(lines[i])) grid = Statsmodels(lines, i, consumed);
            if (grid is not null) yield return grid;
        }
    }

    private static Grid? R(List<string> lines, int h, bool[] consumed)
    {
        var names = HeaderNames(lines[h]);
        var grid = new Grid { Layout = "R model summary", HeaderKnown = true, KindHint = TableKind.Model };
        grid.Header.Add(["term", .. names]);
        grid.HeaderNumbers.Add(h + 1);
        var end = h + 1;
        for (; end < lines.Count; end++)
        {
            var t = lines[end].Trim();
            if (t.Length == 0 || t.StartsWith("---", StringComparison.Ordinal) || t.StartsWith("Signif.", StringComparison.Ordinal)) break;
            if (FromRight(lines[end], names.Count) is { } cells) grid.Add(cells, end + 1);
        }
        if (grid.Rows.Count == 0) return null;
        // The region: from "Call:" (or the residuals above) down past the fit statistics.
        var start = h;
        for (var k = h - 1; k >= Math.Max(0, h - 40); k--)
        {
            if (consumed[k]) break;
            var t = lines[k].Trim();
            if (t.StartsWith("Call:", StringComparison.Ordinal) || t.StartsWith("Residuals:", StringComparison.Ordinal)
                || t.StartsWith("Deviance Residuals:", StringComparison.Ordinal) || RCoxCounts.IsMatch(t) || t.StartsWith("coxph(", StringComparison.Ordinal))
                start = k;
        }
        double? df = null;
        long? observations = null, events = null;
        long factsLine = 0;
        var last = end;
        for (var k = start; k < Math.Min(lines.Count, end + 25); k++)
        {
            if (k > end && (RHeader.IsMatch(lines[k]) || lines[k].TrimStart().StartsWith("Call:", StringComparison.Ordinal))) break;
            if (RDf.Match(lines[k]) is { Success: true } m && df is null) { df = Number(m.Groups[1].Value); factsLine = k + 1; last = k; }
            if (RNullDf.Match(lines[k]) is { Success: true } n) { observations = (long?)Number(n.Groups[1].Value) + 1; last = Math.Max(last, k); }
            if (RCoxCounts.Match(lines[k]) is { Success: true } c)
            {
                observations = (long?)Number(c.Groups[1].Value);
                events = (long?)Number(c.Groups[2].Value);
                if (factsLine == 0) factsLine = k + 1;
                last = Math.Max(last, k);
            }
            if (k > end && lines[k].Trim().Length > 0) last = Math.Max(last, k);
        }
        Consume(consumed, start, last);
        grid.Model = new ModelFacts("R", df, observations, grid.Rows.Count, events, factsLine);
        return grid;
    }

    private static Grid? Stata(List<string> lines, int h, bool[] consumed)
    {
        var header = lines[h];
        var bar = header.IndexOf('|');
        var stat = header.Contains("P>|z|", StringComparison.Ordinal) ? "z" : "t";
        var coefficient = header.Contains("Odds ratio", StringComparison.Ordinal) ? "Odds ratio"
            : header.Contains("Haz. ratio", StringComparison.Ordinal) ? "Haz. ratio" : "Coefficient";
        var grid = new Grid { Layout = "Stata model output", HeaderKnown = true, KindHint = TableKind.Model };
        grid.Header.Add([header[..bar].Trim(), coefficient, "Std. err.", stat, $"P>|{stat}|", "Lower 95% CI", "Upper 95% CI"]);
        grid.HeaderNumbers.Add(h + 1);
        var end = h + 1;
        for (; end < lines.Count; end++)
        {
            var t = lines[end].Trim();
            if (t.Length == 0) break;
            if (ConsoleTables.IsRule(t)) { if (!t.Contains('+') && grid.Rows.Count > 0) break; continue; }
            var cut = lines[end].IndexOf('|');
            if (cut < 0) break;
            var label = lines[end][..cut].Trim();
            var values = lines[end][(cut + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (values.Length == 0) continue;
            grid.Add([label, .. values.Take(6)], end + 1);
        }
        if (grid.Rows.Count == 0) return null;
        var start = h;
        double? df = null;
        long? observations = null;
        long factsLine = 0;
        for (var k = h - 1; k >= Math.Max(0, h - 30); k--)
        {
            if (consumed[k]) break;
            var line = lines[k];
            if (StataObs.Match(line) is { Success: true } o) { observations ??= (long?)Number(o.Groups[1].Value); start = k; if (factsLine == 0) factsLine = k + 1; }
            if (StataF.Match(line) is { Success: true } f) { df ??= Number(f.Groups[1].Value); start = Math.Min(start, k); factsLine = k + 1; }
            if (StataResidual.Match(line) is { Success: true } r) { df = Number(r.Groups[1].Value); start = Math.Min(start, k); factsLine = k + 1; }
            if (line.StartsWith(". ", StringComparison.Ordinal)) { start = Math.Min(start, k); break; }
            if (line.Trim().Length > 0) start = Math.Min(start, k);
        }
        var parameters = grid.Rows.Count(r => r.Length >= 3 && CellValue.Parse(r[1]).IsNumber && CellValue.Parse(r[2]).IsNumber);
        if (df is null && observations is { } n && parameters > 0) df = n - parameters;
        Consume(consumed, start, Math.Min(lines.Count - 1, end + 1));
        grid.Model = new ModelFacts("Stata", df, observations, parameters, null, factsLine);
        return grid;
    }

    private static Grid? Statsmodels(List<string> lines, int h, bool[] consumed)
    {
        var stat = SmHeader.Match(lines[h]).Groups[1].Value;
        var names = new List<string> { "coef", "std err", stat, $"P>|{stat}|", "[0.025", "0.975]" };
        var grid = new Grid { Layout = "statsmodels summary", HeaderKnown = true, KindHint = TableKind.Model };
        grid.Header.Add(["term", .. names]);
        grid.HeaderNumbers.Add(h + 1);
        var end = h + 1;
        for (; end < lines.Count; end++)
        {
            var t = lines[end].Trim();
            if (t.StartsWith("---", StringComparison.Ordinal)) continue;
            if (t.Length == 0 || t.StartsWith("===", StringComparison.Ordinal)) break;
            if (FromRight(lines[end], names.Count) is { } cells) grid.Add(cells, end + 1);
        }
        if (grid.Rows.Count == 0) return null;
        var start = h;
        double? df = null;
        long? observations = null;
        long factsLine = 0;
        for (var k = h - 1; k >= Math.Max(0, h - 30); k--)
        {
            if (consumed[k]) break;
            if (SmDf.Match(lines[k]) is { Success: true } d) { df = Number(d.Groups[1].Value); factsLine = k + 1; }
            if (SmObs.Match(lines[k]) is { Success: true } o) observations = (long?)Number(o.Groups[1].Value);
            if (lines[k].Contains("Regression Results", StringComparison.Ordinal)) { start = k; break; }
            start = k;
        }
        var last = end;
        // The notes under the table belong to the summary.
        for (var k = end + 1; k < Math.Min(lines.Count, end + 8); k++)
        {
            var t = lines[k].Trim();
            if (t.StartsWith("Notes:", StringComparison.Ordinal) || t.StartsWith('[') || t.Length == 0) last = k;
            else break;
        }
        Consume(consumed, start, last);
        grid.Model = new ModelFacts("statsmodels", df, observations, grid.Rows.Count, null, factsLine);
        return grid;
    }

    /// <summary>Header words with R's two-word names kept whole ("Std. Error", "t value", "Pr(&gt;|t|)", "lower .95").</summary>
    private static List<string> HeaderNames(string header)
    {
        var words = header.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var names = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var next = i + 1 < words.Count ? words[i + 1] : "";
            if (w.EndsWith('.') && w.Length <= 5 && next is "Error" or "Err." or "err."
                || w is "t" or "z" && next == "value"
                || w is "lower" or "upper" && next.StartsWith('.')
                || w == "robust" && next == "se")
            {
                names.Add(w + " " + words[i + 1]);
                i++;
                continue;
            }
            names.Add(w);
        }
        return names;
    }

    /// <summary>A row read from the right: the last <paramref name="values"/> tokens (significance stars dropped) are values, the rest is the term.</summary>
    private static string[]? FromRight(string line, int values)
    {
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (tokens.Count > 0 && tokens[^1].All(c => c is '*' or '.' or '\'' or '‘' or '’')) tokens.RemoveAt(tokens.Count - 1);
        // R writes "< 2e-16" with a space in some columns: keep it one token.
        for (var i = tokens.Count - 2; i >= 0; i--)
            if (tokens[i] == "<") { tokens[i] += tokens[i + 1]; tokens.RemoveAt(i + 1); }
        if (tokens.Count < values + 1) return null;
        var name = string.Join(' ', tokens.Take(tokens.Count - values));
        var cells = tokens.Skip(tokens.Count - values).ToList();
        if (!cells.Any(c => CellValue.Parse(c).IsNumber)) return null;
        return [name, .. cells];
    }

    private static double? Number(string text) =>
        double.TryParse(text.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static void Consume(bool[] consumed, int from, int to)
    {
        for (var k = Math.Max(0, from); k <= Math.Min(consumed.Length - 1, to); k++) consumed[k] = true;
    }
}
