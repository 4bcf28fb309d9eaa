namespace Egress.Checks;

/// <summary>
/// The order in which a row's cells are looked up: most identifying columns first, learnt from the
/// rows already scanned, so a row that is a participant's record is proven so after a few look-ups.
/// Only the order changes, never which cells are read when a row is not decided early.
/// </summary>
public sealed class ColumnOrder
{
    private const int RelearnEveryRows = 4096;
    private double[] _bits = new double[64];
    private int[] _order = [];
    private int _observed;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Observe(int column, float bits)
    {
        if (column >= _bits.Length) Array.Resize(ref _bits, Math.Max(column + 1, _bits.Length * 2));
        _bits[column] += bits;
    }

    /// <summary>Column indices 0..width-1 in look-up order (natural order when reordering is off).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<int> For(int width, bool reorder)
    {
        _observed++;
        if (_order.Length != width || reorder && _observed >= RelearnEveryRows)
        {
            _order = Enumerable.Range(0, width).ToArray();
            if (reorder)
            {
                var weights = _order.Select(c => c < _bits.Length ? _bits[c] : 0).ToArray();
                Array.Sort(weights, _order);
                Array.Reverse(_order);
            }
            _observed = 0;
        }
        if (reorder) return _order;
        return Identity(width);
    }

    /// <summary>
    /// Column indices in look-up order, most identifying first. The array is never changed once
    /// returned (a relearnt order is a new array), so a row may hold on to it.
    /// </summary>
    public int[] Reordered(int width)
    {
        For(width, reorder: true);
        return _order;
    }

    private int[] _identity = [];

    private ReadOnlySpan<int> Identity(int width)
    {
        if (_identity.Length < width) _identity = Enumerable.Range(0, Math.Max(width, 64)).ToArray();
        return _identity.AsSpan(0, width);
    }
}
