using Egress.Cohort.Simulation;

namespace Egress.Cohort.Extracts;

/// <summary>Draws distinct integers uniformly from a range and returns them sorted (for IDs and subsets).</summary>
public static class DistinctSampler
{
    /// <summary><paramref name="count"/> distinct values from [0, <paramref name="universe"/>), ascending.</summary>
    public static int[] SampleSorted(ref Xoshiro256StarStar rng, int universe, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, universe);

        // A bitmap plus rejection is fast while at most half the range is taken; past that,
        // draw the values to leave out instead so rejection never dominates.
        bool complement = count > universe / 2;
        int draws = complement ? universe - count : count;
        var taken = new ulong[(universe + 63) / 64];
        for (int i = 0; i < draws; i++)
        {
            int v;
            do v = rng.NextInt(universe);
            while ((taken[v >> 6] & (1UL << (v & 63))) != 0);
            taken[v >> 6] |= 1UL << (v & 63);
        }

        var result = new int[count];
        int n = 0;
        for (int word = 0; word < taken.Length; word++)
        {
            ulong bits = complement ? ~taken[word] : taken[word];
            while (bits != 0)
            {
                int v = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                if (v >= universe) break;
                result[n++] = v;
                bits &= bits - 1;
            }
        }
        return result;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public static void Shuffle(ref Xoshiro256StarStar rng, Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
