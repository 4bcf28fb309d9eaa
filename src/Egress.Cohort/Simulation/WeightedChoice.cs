namespace Egress.Cohort.Simulation;

/// <summary>Draws items in proportion to fixed weights (weights need not sum to 1).</summary>
public sealed class WeightedChoice<T>
{
    private readonly T[] items;
    private readonly double[] cumulative;

    public WeightedChoice(IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.ToArray();
        if (list.Length == 0 || list.Any(w => w.Weight < 0)) throw new ArgumentException("Need at least one non-negative weight.", nameof(weighted));
        items = list.Select(w => w.Item).ToArray();
        cumulative = new double[list.Length];
        double total = 0;
        for (int i = 0; i < list.Length; i++)
            cumulative[i] = total += list[i].Weight;
        for (int i = 0; i < list.Length; i++)
            cumulative[i] /= total;
    }

    public IReadOnlyList<T> Items => items;

    public T Next(ref Xoshiro256StarStar rng)
    {
        double u = rng.NextDouble();
        int i = Array.BinarySearch(cumulative, u);
        if (i < 0) i = ~i;
        return items[Math.Min(i, items.Length - 1)];
    }
}
