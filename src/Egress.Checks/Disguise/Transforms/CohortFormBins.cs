using System.Globalization;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// A written value mapped back under a reading, as the keyed hashes of every value the cohort could have held there: the
/// field's lattice (its decimals, or one or two fewer when the window spans too many — the index holds those roundings),
/// or the days of a date field, in the index's canonical form.
/// </summary>
internal sealed class CohortFormBins(CohortIndex index)
{
    /// <summary>Most values one window may stand for; wider windows try a coarser precision, or are dropped.</summary>
    public const int MaxBins = 16;
    private static readonly DateOnly Epoch = new(1970, 1, 1);
    private static readonly int MinDay = new DateOnly(1850, 1, 1).DayNumber;
    private static readonly int MaxDay = new DateOnly(2150, 1, 1).DayNumber;

    /// <summary>The hashes, empty when no value of the field maps to <paramref name="y"/> (a miss), null when the window is too wide.</summary>
    /// <param name="shift">Added to the mapped value: a decoy, to measure how often a wrong reading hits by chance.</param>
    public List<ulong>? Hashes(TransformHypothesis reading, double y, int writtenDecimals, double shift = 0)
    {
        var x = reading.Invert(y) + shift;
        var half = reading.HalfWidth(y, writtenDecimals);
        if (!double.IsFinite(x) || !double.IsFinite(half) || half < 0) return [];
        if (reading.Field?.IsDate == true) return Days(x, half);
        // As written, a value is its own lattice; mapped back, the field's.
        var decimals = reading.Field?.Decimals ?? writtenDecimals;
        for (var d = decimals; d >= Math.Min(decimals, Math.Max(1, decimals - 2)); d--)
        {
            var step = Math.Pow(10, -d);
            double low, high;
            if (d == decimals)
            {
                // The dispensed value sits on the field's lattice.
                low = Math.Ceiling((x - half) / step - 1e-9);
                high = Math.Floor((x + half) / step + 1e-9);
            }
            else
            {
                // The index holds a value rounded to d decimals: any value in the window rounds to one of these.
                low = Math.Round((x - half) / step, MidpointRounding.AwayFromZero);
                high = Math.Round((x + half) / step, MidpointRounding.AwayFromZero);
            }
            if (!(Math.Abs(low) < 1e15 && Math.Abs(high) < 1e15)) return [];
            if (high < low) return [];
            if (high - low + 1 > MaxBins) continue;
            var hashes = new List<ulong>((int)(high - low + 1));
            for (var k = low; k <= high; k++) Add(hashes, (k * step).ToString("F" + d, CultureInfo.InvariantCulture));
            return hashes;
        }
        return null;
    }

    private List<ulong>? Days(double x, double half)
    {
        var low = Math.Ceiling(x - half - 1e-9);
        var high = Math.Floor(x + half + 1e-9);
        if (high < low) return [];
        if (high - low + 1 > MaxBins) return null;
        var hashes = new List<ulong>();
        for (var k = low; k <= high; k++)
        {
            var day = Epoch.DayNumber + k;
            if (day < MinDay || day > MaxDay) continue;
            Add(hashes, DateOnly.FromDayNumber((int)day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return hashes;
    }

    /// <summary>The hash of a text cell as written (a code, a label): one bin, or none for a number or an empty or long cell.</summary>
    public List<ulong> Text(string cell)
    {
        var hashes = new List<ulong>(1);
        if (cell.Length is < 2 or > 32 || ColumnSample.Number(cell) is not null) return hashes;
        Add(hashes, cell);
        return hashes;
    }

    /// <summary>
    /// The hash of an integer cell as written (a year of birth, a month, a centre, an age beside transformed columns): one bin,
    /// or none for anything else. Integers are not in the tolerant rule's windows (the exact pass reads them), but a row whose
    /// dates or measurements were transformed is matched here as a whole, and its integers are half of what identifies it.
    /// </summary>
    public List<ulong> Integer(string cell)
    {
        var hashes = new List<ulong>(1);
        if (cell.Length is 0 or > 18 || ColumnSample.Number(cell) is not (_, 0)) return hashes;
        Add(hashes, cell);
        return hashes;
    }

    /// <summary>The hash of a value on a field's lattice (its decimals), in the index's canonical form; null if it has none.</summary>
    public ulong? ValueHash(double x, int decimals)
    {
        var hashes = new List<ulong>(1);
        Add(hashes, x.ToString("F" + decimals, CultureInfo.InvariantCulture));
        return hashes.Count == 1 ? hashes[0] : null;
    }

    /// <summary>True when someone (not as an ID) holds the value.</summary>
    public bool Held(ulong hash)
    {
        if (!index.TryFindSlot(hash, out var slot)) return false;
        for (var e = 0u; e < slot.EntryCount; e++)
            if (!index.Entry(slot.EntryStart + e).IsId) return true;
        return false;
    }

    private void Add(List<ulong> hashes, string text)
    {
        Span<byte> raw = stackalloc byte[48];
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        if (text.Length > raw.Length) return;
        var length = System.Text.Encoding.ASCII.GetBytes(text, raw);
        var canon = ValueCanonicalizer.Canonicalize(raw[..length], canonical);
        if (canon.Kind == ValueKind.None) return;
        hashes.Add(index.Hasher.Hash(canonical[..canon.Length]));
    }
}
