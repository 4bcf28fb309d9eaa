namespace Egress.Formats;

/// <summary>
/// Rounds a canonical decimal string to fewer decimals (half away from zero, as spreadsheets and
/// most papers round), returning the canonical form of the result. Exact: works on the digits.
/// </summary>
public static class DecimalRounding
{
    public static int Round(ReadOnlySpan<byte> canonical, int decimals, Span<byte> dest)
    {
        var negative = canonical.Length > 0 && canonical[0] == '-';
        var body = negative ? canonical[1..] : canonical;
        var point = body.IndexOf((byte)'.');
        var intPart = point < 0 ? body : body[..point];
        var fracPart = point < 0 ? [] : body[(point + 1)..];
        if (fracPart.Length <= decimals)
        {
            canonical.CopyTo(dest);
            return canonical.Length;
        }
        // digits = int digits + kept fraction digits, then round on the next digit.
        Span<byte> digits = stackalloc byte[intPart.Length + decimals + 1];
        digits[0] = (byte)'0';
        intPart.CopyTo(digits[1..]);
        fracPart[..decimals].CopyTo(digits[(1 + intPart.Length)..]);
        if (fracPart[decimals] >= '5')
        {
            var k = digits.Length - 1;
            while (digits[k] == '9') { digits[k] = (byte)'0'; k--; }
            digits[k]++;
        }
        var intEnd = 1 + intPart.Length;
        var start = 0;
        while (start < intEnd - 1 && digits[start] == '0') start++;
        var fracEnd = digits.Length;
        while (fracEnd > intEnd && digits[fracEnd - 1] == '0') fracEnd--;
        var isZero = fracEnd == intEnd && intEnd - start == 1 && digits[start] == '0';
        var w = 0;
        if (negative && !isZero) dest[w++] = (byte)'-';
        digits[start..intEnd].CopyTo(dest[w..]);
        w += intEnd - start;
        if (fracEnd > intEnd)
        {
            dest[w++] = (byte)'.';
            digits[intEnd..fracEnd].CopyTo(dest[w..]);
            w += fracEnd - intEnd;
        }
        return w;
    }
}
