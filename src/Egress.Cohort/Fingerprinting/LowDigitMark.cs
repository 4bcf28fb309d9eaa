namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// Writes a fingerprint bit as one extra digit below a value's stated precision, on the scaled magnitude:
/// the marked magnitude is 10·m + δ with δ in −5…4, so rounding it back to the stated decimals (half away
/// from zero, as <c>DecimalRounding</c> and spreadsheets do) gives the original value exactly, and the extra
/// digit is (δ mod 10): bit 0 is a digit 0–4, bit 1 a digit 5–9. Zero is left alone (it has no magnitude
/// to lower), as are integers, dates and codes.
/// </summary>
public static class LowDigitMark
{
    /// <summary>The marked value, scaled by one more power of ten; <paramref name="scaled"/> must not be 0.</summary>
    public static long Embed(long scaled, int digit)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(scaled, 0);
        var delta = digit < 5 ? digit : digit - 10;
        var magnitude = Math.Abs(scaled) * 10 + delta;
        return scaled < 0 ? -magnitude : magnitude;
    }

    /// <summary>The value at its stated precision (one decimal fewer), rounded half away from zero.</summary>
    public static long Original(long marked)
    {
        var magnitude = (Math.Abs(marked) + 5) / 10;
        return marked < 0 ? -magnitude : magnitude;
    }

    /// <summary>The extra digit of a marked value.</summary>
    public static int Digit(long marked) => (int)(Math.Abs(marked) % 10);

    public static bool BitOf(int digit) => digit >= 5;
}
