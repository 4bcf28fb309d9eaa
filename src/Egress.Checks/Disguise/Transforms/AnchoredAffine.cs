using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// A column that is some scale and offset of a field (standardised on the slice itself, shifted, rescaled by a random
/// factor), fitted not to the column's moments — too loose on a short column to look a value up — but to rows already
/// matched through the columns beside it (anchors). For each anchor, the field's values its participant holds near the
/// moment fit's guess are candidates; a line through two anchors' candidates that most other anchors also lie on is the
/// transform, refitted by least squares on them. The fit is made on the anchors and then used on other rows, whose windows
/// are thus fixed before they are looked at; it names a field, never a value.
/// </summary>
internal sealed class AnchoredAffine(CohortIndex index, CohortFormBins bins)
{
    /// <summary>Fewest anchors a fit must lie on: a wrong field's held values fall on one line through two points by chance rarely, on five almost never.</summary>
    public const int MinSupport = 5;
    /// <summary>Share of the anchors with candidates that must lie on the line.</summary>
    private const double MinSupportShare = 0.6;
    /// <summary>Anchors looked at per column and field (their participants' values are searched one by one).</summary>
    public const int MaxAnchors = 16;
    /// <summary>Anchors whose pairs define the lines tried.</summary>
    private const int PairAnchors = 6;
    /// <summary>Most lattice values searched around one anchor's guess: a wider guess is skipped.</summary>
    private const int MaxLattice = 1000;
    /// <summary>Most candidates kept per anchor (values of other fields near the guess that the participant also holds).</summary>
    private const int MaxCandidates = 6;

    /// <summary>Values looked up over all fits of one part: past it, no more fits (the other rows are read as they are).</summary>
    private const int WorkBudget = 8_000_000;
    private int _work;

    public sealed record Anchor(double Y, int Decimals, int Project, uint Ordinal);

    /// <summary>The best line over the fields, with how many anchors lie on it; null when none reaches the support.</summary>
    public (TransformHypothesis Reading, int Support)? Fit(IReadOnlyList<Anchor> anchors, ColumnSample column, IEnumerable<FieldStat> fields, CancellationToken cancel)
    {
        (TransformHypothesis, int)? best = null;
        foreach (var field in fields)
        {
            cancel.ThrowIfCancellationRequested();
            if (field.IsDate || field.Sd <= 0 || column.Sd <= 0) continue;
            foreach (var sign in new[] { 1, -1 })
                if (FitOne(anchors, column, field, sign) is { } fit && (best is null || fit.Support > best.Value.Item2))
                    best = fit;
        }
        return best;
    }

    private (TransformHypothesis, int Support)? FitOne(IReadOnlyList<Anchor> anchors, ColumnSample column, FieldStat field, int sign)
    {
        var step = Math.Pow(10, -field.Decimals);
        // The moment fit: a guess of where each anchor's value lies, within about 3 standard errors of the fit.
        var a0 = sign * column.Sd / field.Sd;
        var b0 = column.Mean - a0 * field.Mean;
        var spread = 3 / Math.Sqrt(Math.Max(1, column.Count));
        var candidates = new List<(Anchor Anchor, List<double> Xs)>();
        foreach (var anchor in anchors)
        {
            var guess = (anchor.Y - b0) / a0;
            var z = Math.Abs(guess - field.Mean) / field.Sd;
            if (z > 5) continue;
            var half = Math.Min(4, spread * (1 + z)) * field.Sd + step;
            var low = Math.Ceiling((guess - half) / step);
            var high = Math.Floor((guess + half) / step);
            if (high - low + 1 > MaxLattice || !(Math.Abs(low) < 1e12)) continue;
            if ((_work += (int)(high - low + 1)) > WorkBudget) return null;
            var xs = new List<double>();
            for (var k = low; k <= high && xs.Count < MaxCandidates; k++)
                if (bins.ValueHash(k * step, field.Decimals) is { } hash && HeldBy(hash, anchor)) xs.Add(k * step);
            if (xs.Count > 0) candidates.Add((anchor, xs));
        }
        var needed = Math.Max(MinSupport, (int)Math.Ceiling(MinSupportShare * candidates.Count));
        if (candidates.Count < needed) return null;
        (double A, double B, int Support)? best = null;
        var pairs = Math.Min(PairAnchors, candidates.Count);
        for (var i = 0; i < pairs; i++)
            for (var j = i + 1; j < pairs; j++)
                foreach (var xi in candidates[i].Xs)
                    foreach (var xj in candidates[j].Xs)
                    {
                        if (Math.Abs(xi - xj) < step / 2) continue;
                        var (yi, yj) = (candidates[i].Anchor.Y, candidates[j].Anchor.Y);
                        var a = (yi - yj) / (xi - xj);
                        if (a * sign <= 0) continue;
                        var b = yi - a * xi;
                        // Both ends were written rounded: the slope is known to within their rounding over the distance between them.
                        var slack = (Written(candidates[i].Anchor) + Written(candidates[j].Anchor)) / Math.Abs(xi - xj);
                        var support = candidates.Count(c => c.Xs.Any(x => Math.Abs(a * x + b - c.Anchor.Y) <= Written(c.Anchor) + Math.Abs(a) * step * 1e-3 + slack * Math.Abs(x - xi) + 1e-9));
                        if (best is null || support > best.Value.Support) best = (a, b, support);
                    }
        if (best is not { } line || line.Support < needed) return null;
        // Least squares on the anchors on the line (each anchor's value nearest it).
        var points = candidates.Select(c => (c.Anchor, X: c.Xs.MinBy(x => Math.Abs(line.A * x + line.B - c.Anchor.Y))))
            .Where(p => Math.Abs(line.A * p.X + line.B - p.Anchor.Y) <= 4 * Written(p.Anchor) + Math.Abs(line.A) * step).ToList();
        if (points.Count < needed) return null;
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Anchor.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        if (sxx <= 0) return null;
        var slope = points.Sum(p => (p.X - mx) * (p.Anchor.Y - my)) / sxx;
        var offset = my - slope * mx;
        var worst = points.Max(p => Math.Abs(slope * p.X + offset - p.Anchor.Y));
        var name = $"scale and offset (fitted to {points.Count} matched rows)";
        return (new TransformHypothesis(name, field, y => (y - offset) / slope,
            (y, decimals) => (0.5 * Math.Pow(10, -decimals) + worst) / Math.Abs(slope) + 1e-4 * step, false), points.Count);
    }

    /// <summary>Half a unit of the last written place: how far a written value may be from the one computed.</summary>
    private static double Written(Anchor anchor) => 0.5 * Math.Pow(10, -anchor.Decimals);

    private bool HeldBy(ulong hash, Anchor anchor)
    {
        if (!index.TryFindSlot(hash, out var slot)) return false;
        for (var e = 0u; e < slot.EntryCount; e++)
        {
            var entry = index.Entry(slot.EntryStart + e);
            if (!entry.IsId && entry.Project == anchor.Project && index.Holds(entry, anchor.Ordinal)) return true;
        }
        return false;
    }
}
