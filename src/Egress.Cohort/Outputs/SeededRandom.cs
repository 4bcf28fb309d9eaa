using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>
/// xoshiro256** seeded through SplitMix64. A fixed, documented algorithm, so a seed gives the same outputs on
/// every runtime (System.Random's seeded sequence is not a compatibility promise). Independent streams let
/// outputs be drafted in parallel and still be identical for a seed.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public SeededRandom(ulong seed, ulong stream = 0)
    {
        ulong sm = seed * 0x9E3779B97F4A7C15UL ^ (stream + 0x632BE59BD9B4E019UL) * 0xD1B54A32D192ED03UL;
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(((NextUInt64() >> 33) * (ulong)maxExclusive) >> 31);
    }

    /// <summary>Uniform integer in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal (Marsaglia's polar method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpare = true;
        return u * f;
    }

    public double Normal(double mean, double sd) => mean + sd * Normal();

    public double Exponential(double rate) => -Math.Log(1 - NextDouble()) / rate;

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Gamma(double shape)
    {
        if (shape < 1) return Gamma(shape + 1) * Math.Pow(NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    public double Beta(double a, double b)
    {
        double x = Gamma(a);
        return x / (x + Gamma(b));
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double r = NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Count - 1;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>k distinct items in random order.</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int k)
    {
        var copy = items.ToList();
        Shuffle(copy);
        return copy.Take(Math.Min(k, copy.Count)).ToList();
    }
}
