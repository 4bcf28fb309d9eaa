namespace Egress.Checks.Risk;

/// <summary>Value equality for code tuples, so key combinations can be dictionary keys.</summary>
internal sealed class CodeTupleComparer : IEqualityComparer<int[]>
{
    public static readonly CodeTupleComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] codes)
    {
        var hash = new HashCode();
        foreach (var c in codes) hash.Add(c);
        return hash.ToHashCode();
    }
}
