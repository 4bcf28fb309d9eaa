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
    public const int MaxReadings = 32;
    /// <summary>Integers that read as written (a year, an age, a pressure) keep only a few other readings: most dense fields hold any integer.</summary>
    private const int MaxReadingsOfHeldIntegers = 4;
    /// <summary>A header's unit word counts for this much of the hit share over chance.</summary>
    private const double HintBonus = 0.25;
    private const double MinHitShare = 0.9;
    /// <summary>Fewer distinct values than this is a code (sex, centre, a Likert answer), not a quantity to map back.</summary>
    private const int MinDistinct = 20;
    /// <summary>Decoys: the mapped-back value moved by these shares of an sd, onto the same lattice.</summary>
    private static readonly double[] DecoyShifts = [-0.83, -0.37, 0.41, 0.79];

    private static readonly ITransformFamily[] Families = [new UnitConversions(), new ZScores(), new Logarithms(), new NumericDates()];
    /// <summary>Tried only for a column nothing else reads: a fit to moments reads any long column as any dense field.</summary>
    private static readonly ITransformFamily Fallback = new FittedAffine();

    public sealed record Reading(TransformHypothesis Hypothesis, double HitShare, double ChanceShare);

    /// <summary>The readings kept, best first, and how many were tried.</summary>
    public (List<Reading> Readings, int Tried) Find(ColumnSample column, CancellationToken cancel)
    {
        var kept = new List<Reading>();
        var tried = 1;
        if (Test(TransformHypothesis.Identity, column, column.Sd > 0 ? column.Sd : 1, Math.Pow(10, -column.Decimals.Max())) is { } asWritten) kept.Add(asWritten);
        foreach (var families in new[] { Families, [Fallback] })
        {
            if (families[0] == Fallback && kept.Any(r => !r.Hypothesis.IsIdentity)) break;
            foreach (var field in fields)
            {
                cancel.ThrowIfCancellationRequested();
                if (!field.IsDate && field.Distinct < MinDistinct) continue;
                foreach (var family in families)
                    foreach (var hypothesis in family.For(column, field))
                    {
                        tried++;
                        if (!MomentsAgree(hypothesis, column, field) || ActsAsWritten(hypothesis, column)) continue;
                        if (Test(hypothesis, column, field.Sd, field.IsDate ? 1 : Math.Pow(10, -field.Decimals)) is { } reading) kept.Add(reading);
                    }
            }
        }
        var cap = column.Integers && kept.Any(r => r.Hypothesis.IsIdentity) ? MaxReadingsOfHeldIntegers : MaxReadings;
        var best = kept.OrderByDescending(r => r.HitShare - r.ChanceShare + (r.Hypothesis.Hinted ? HintBonus : 0)).Take(cap).ToList();
        return (best, tried);
    }

    /// <summary>The reading, if nearly all the sample lands on held values; with the decoys' share.</summary>
    private Reading? Test(TransformHypothesis hypothesis, ColumnSample column, double sd, double step)
    {
        var hits = Share(hypothesis, column, 0);
        if (hits < MinHitShare) return null;
        // Shifts by whole steps of the lattice, so a decoy lands where a value could be.
        var chance = DecoyShifts.Average(k => Share(hypothesis, column, Math.Max(1, Math.Round(Math.Abs(k) * sd / step)) * Math.Sign(k) * step));
        return new Reading(hypothesis, hits, chance);
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

    /// <summary>A reading that leaves the values where they are (a scale and offset fitted to a column left as dispensed) is the values as written.</summary>
    private static bool ActsAsWritten(TransformHypothesis hypothesis, ColumnSample column)
    {
        // A date field's values are held as dates: days since 1970 map 13900 to itself, yet to a day the index holds, not a number.
        if (hypothesis.Field?.IsDate == true) return false;
        for (var i = 0; i < column.Values.Length; i++)
            if (Math.Abs(hypothesis.Invert(column.Values[i]) - column.Values[i]) > hypothesis.HalfWidth(column.Values[i], column.Decimals[i]) + Math.Pow(10, -column.Decimals[i]))
                return false;
        return true;
    }

    /// <summary>The mapped-back sample's mean within 3.5 standard errors of the field's, and its spread within a factor of about 2.5.</summary>
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
        if (Math.Abs(mean - field.Mean) > 3.5 * field.Sd / Math.Sqrt(n) + slack) return false;
        if (n < 5) return true;
        var sd = Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1)));
        return sd >= 0.35 * field.Sd && sd <= 2.2 * field.Sd;
    }
}
