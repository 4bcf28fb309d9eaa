using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// Which readings of a column to match with: every transform of every family for every field of the index's statistics
/// (and the values as written), kept when the mapped-back sample agrees with the field's moments and nearly all of it
/// (≥ 90 %) lands on values the cohort holds. The share of decoys (the same values shifted by 0.4 sd) that land too
/// measures chance and ranks the readings: a dense field is hit by nearly anything, a sparse one only by the right map.
/// At most <see cref="MaxReadings"/> readings per column are kept.
/// </summary>
internal sealed class TransformFinder(CohortFormBins bins, IReadOnlyList<FieldStat> fields)
{
    public const int MaxReadings = 3;
    private const double MinHitShare = 0.9;
    /// <summary>Fewer distinct values than this is a code (sex, centre, a Likert answer), not a quantity to map back.</summary>
    private const int MinDistinct = 20;
    private const double DecoyShift = 0.4;

    private static readonly ITransformFamily[] Families = [new UnitConversions(), new ZScores(), new Logarithms(), new FittedAffine(), new NumericDates()];

    public sealed record Reading(TransformHypothesis Hypothesis, double HitShare, double ChanceShare);

    /// <summary>The readings kept, best first, and how many were tried.</summary>
    public (List<Reading> Readings, int Tried) Find(ColumnSample column, CancellationToken cancel)
    {
        var kept = new List<Reading>();
        var tried = 1;
        if (Test(TransformHypothesis.Identity, column, column.Sd > 0 ? DecoyShift * column.Sd : 1) is { } asWritten) kept.Add(asWritten);
        foreach (var field in fields)
        {
            cancel.ThrowIfCancellationRequested();
            if (!field.IsDate && field.Distinct < MinDistinct) continue;
            foreach (var family in Families)
                foreach (var hypothesis in family.For(column, field))
                {
                    tried++;
                    if (!MomentsAgree(hypothesis, column, field)) continue;
                    if (Test(hypothesis, column, DecoyShift * field.Sd) is { } reading) kept.Add(reading);
                }
        }
        var best = kept.OrderByDescending(r => r.Hypothesis.Hinted).ThenByDescending(r => r.HitShare - r.ChanceShare).Take(MaxReadings).ToList();
        return (best, tried);
    }

    /// <summary>The reading, if nearly all the sample lands on held values; with the decoys' share.</summary>
    private Reading? Test(TransformHypothesis hypothesis, ColumnSample column, double decoy)
    {
        var hits = Share(hypothesis, column, 0);
        if (hits < MinHitShare) return null;
        return new Reading(hypothesis, hits, Share(hypothesis, column, decoy));
    }

    private double Share(TransformHypothesis hypothesis, ColumnSample column, double shift)
    {
        int looked = 0, hit = 0;
        for (var i = 0; i < column.Values.Length; i++)
        {
            // A window too wide to look up says nothing either way.
            if (bins.Hashes(hypothesis, column.Values[i], column.Decimals[i], shift) is not { } hashes) continue;
            looked++;
            if (hashes.Any(bins.Held)) hit++;
            // Stop early once the bar cannot be reached.
            if (looked - hit > (1 - MinHitShare) * column.Values.Length + 1 && shift == 0) return 0;
        }
        return looked == 0 ? 0 : hit / (double)looked;
    }

    /// <summary>The mapped-back sample's mean within 4 standard errors of the field's, and its spread within a factor 2.5.</summary>
    private static bool MomentsAgree(TransformHypothesis hypothesis, ColumnSample column, FieldStat field)
    {
        var n = column.Values.Length;
        double sum = 0, squares = 0;
        foreach (var y in column.Values)
        {
            var x = hypothesis.Invert(y);
            if (!double.IsFinite(x)) return false;
            sum += x;
            squares += x * x;
        }
        var mean = sum / n;
        var slack = field.IsDate ? 30 : 0.02 * Math.Abs(field.Mean);
        if (Math.Abs(mean - field.Mean) > 4 * field.Sd / Math.Sqrt(n) + slack) return false;
        if (n < 10) return true;
        var sd = Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1)));
        return sd >= 0.4 * field.Sd && sd <= 2.5 * field.Sd;
    }
}
