namespace Egress.Checks;

/// <summary>log2 of binomial coefficients, from a table of log2 factorials.</summary>
public static class Combinatorics
{
    private const int TableSize = 1 << 16;
    private static readonly double[] Log2Factorial = BuildTable();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Log2Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        n = Math.Min(n, TableSize - 1);
        k = Math.Min(k, n);
        return Log2Factorial[n] - Log2Factorial[k] - Log2Factorial[n - k];
    }

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        for (var i = 2; i < TableSize; i++) table[i] = table[i - 1] + Math.Log2(i);
        return table;
    }
}
