using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>Descriptive statistics as R computes them (quantile type 7, SD with n-1).</summary>
public static class Descriptive
{
    /// <summary>R's default quantile (type 7) of an ascending array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Mean(IReadOnlyList<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = Mean(values), ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Count - 1));
    }

    /// <summary>The non-missing values of participants that pass the filter, ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] SortedValues(double[] values, Func<int, bool>? include = null)
    {
        var list = new List<double>();
        for (int i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i]) && (include is null || include(i))) list.Add(values[i]);
        var array = list.ToArray();
        Array.Sort(array);
        return array;
    }

    /// <summary>Mid-ranks (ties averaged), for Spearman correlation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Ranks(double[] values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        int k = 0;
        while (k < order.Length)
        {
            int j = k;
            while (j + 1 < order.Length && keys[j + 1] == keys[k]) j++;
            double rank = (k + j) / 2.0 + 1;
            for (int m = k; m <= j; m++) ranks[order[m]] = rank;
            k = j + 1;
        }
        return ranks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= x.Length;
        my /= y.Length;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
