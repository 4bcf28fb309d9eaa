using System.Numerics;
using System.Runtime.CompilerServices;

namespace Egress.Cohort.Simulation;

/// <summary>
/// xoshiro256** generator seeded through SplitMix64. Our own implementation so that output is pinned
/// to this code (System.Random's algorithm may change between runtimes) and so that every
/// (seed, stream, index) triple gets an independent, reproducible sequence.
/// A mutable struct: pass it by <c>ref</c>.
/// </summary>
public struct Xoshiro256StarStar
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpareGaussian;

    /// <summary>A generator for one named stream (e.g. participant chunk 17) of a cohort seed.</summary>
    public static Xoshiro256StarStar ForStream(ulong seed, ulong stream, ulong index)
    {
        // Mix each coordinate separately so (s, a, b) and (s, b, a) do not collide.
        ulong key = SplitMix64.Mix(seed ^ SplitMix64.Mix(stream * 0xD1B54A32D192ED03UL ^ SplitMix64.Mix(index + 0x632BE59BD9B4E019UL)));
        var sm = new SplitMix64(key);
        var rng = new Xoshiro256StarStar { s0 = sm.Next(), s1 = sm.Next(), s2 = sm.Next(), s3 = sm.Next() };
        if ((rng.s0 | rng.s1 | rng.s2 | rng.s3) == 0) rng.s0 = 1; // all-zero state is the one forbidden state
        return rng;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong range = (ulong)n;
        ulong x = NextUInt64() >> 32;
        ulong m = x * range;
        uint low = (uint)m;
        if (low < range)
        {
            uint threshold = (uint)((0x1_0000_0000UL - range) % range);
            while (low < threshold)
            {
                x = NextUInt64() >> 32;
                m = x * range;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    public bool Chance(double p) => NextDouble() < p;

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Standard normal via Box–Muller; the second value of each pair is kept for the next call.</summary>
    public double NextGaussian()
    {
        if (hasSpareGaussian)
        {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps Log finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
        spareGaussian = r * sin;
        hasSpareGaussian = true;
        return r * cos;
    }

    public double Normal(double mean, double sd) => mean + sd * NextGaussian();

    /// <summary>Log-normal with the given arithmetic mean and standard deviation (right-skewed, positive).</summary>
    public double LogNormal(double mean, double sd)
    {
        double sigma2 = Math.Log(1.0 + sd * sd / (mean * mean));
        double mu = Math.Log(mean) - sigma2 / 2;
        return Math.Exp(mu + Math.Sqrt(sigma2) * NextGaussian());
    }
}

/// <summary>SplitMix64: turns one 64-bit key into well-spread seed words.</summary>
public struct SplitMix64(ulong state)
{
    private ulong state = state;

    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
