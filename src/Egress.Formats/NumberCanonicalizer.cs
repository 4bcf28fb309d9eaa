namespace Egress.Formats;

/// <summary>
/// Canonical decimal form of a number token: no '+', no leading zeros, no trailing fractional zeros,
/// '.' as the decimal point, thousands separators (',' '.' ' ' and '\'') removed, exponents expanded (|e| ≤ 40).
/// </summary>
internal static class NumberCanonicalizer
{
    private const int MaxExponent = 40;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static CanonicalValue TryCanonicalize(ReadOnlySpan<byte> s, Span<byte> dest, Span<byte> alternate, out CanonicalValue alternateValue)
    {
        alternateValue = CanonicalValue.Empty;
        var fast = TryPlainDecimal(s, dest);
        if (fast.Kind != ValueKind.None) return fast;
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        var mantissaStart = i;
        int dots = 0, commas = 0, firstDot = -1, lastDot = -1, firstComma = -1, lastComma = -1, digits = 0;
        // Spaces (French, Nordic, SI) and apostrophes (Swiss) group thousands only: one kind per number.
        byte grouper = 0;
        var lastGrouper = -1;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is >= (byte)'0' and <= (byte)'9') digits++;
            else if (c == '.') { dots++; if (firstDot < 0) firstDot = i; lastDot = i; }
            else if (c == ',') { commas++; if (firstComma < 0) firstComma = i; lastComma = i; }
            else if (c is (byte)' ' or (byte)'\'' && (grouper == 0 || grouper == c)) { grouper = c; lastGrouper = i; }
            else break;
            i++;
        }
        var mantissaEnd = i;
        if (digits == 0) return CanonicalValue.Empty;
        var exponent = 0;
        var hasExponent = false;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var expNegative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) { expNegative = s[i] == '-'; i++; }
            var expDigits = 0;
            while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
            {
                exponent = Math.Min(exponent * 10 + (s[i] - '0'), 10_000);
                expDigits++;
                i++;
            }
            if (expDigits == 0) return CanonicalValue.Empty;
            if (expNegative) exponent = -exponent;
            hasExponent = true;
        }
        if (i != s.Length) return CanonicalValue.Empty;
        if (hasExponent && (commas > 0 && dots > 0 || dots > 1 || commas > 1)) return CanonicalValue.Empty;
        if (Math.Abs(exponent) > MaxExponent) return CanonicalValue.Empty;

        var mantissa = s[mantissaStart..mantissaEnd];
        var m0 = mantissaStart;
        // Decide which separator (if any) is the decimal point; the other must be proper thousands grouping.
        int decimalAt; // index in s of the decimal separator, or -1
        var ambiguousThousands = false;
        if (grouper != 0)
        {
            if (hasExponent || dots + commas > 1) return CanonicalValue.Empty;
            decimalAt = dots == 1 ? firstDot : commas == 1 ? firstComma : -1;
            if (decimalAt >= 0 && decimalAt < lastGrouper || !IsGrouped(s[m0..(decimalAt >= 0 ? decimalAt : mantissaEnd)], grouper))
                return CanonicalValue.Empty;
        }
        else if (dots == 0 && commas == 0) decimalAt = -1;
        else if (dots == 1 && commas == 0) decimalAt = firstDot;
        else if (dots == 0 && commas == 1)
        {
            decimalAt = firstComma;
            var before = firstComma - m0;
            var after = mantissaEnd - firstComma - 1;
            ambiguousThousands = !hasExponent && after == 3 && before is >= 1 and <= 3 && s[m0] != '0';
        }
        else if (dots == 0 && commas > 1)
        {
            if (!IsGrouped(mantissa, (byte)',')) return CanonicalValue.Empty;
            decimalAt = -1;
        }
        else if (commas == 0 && dots > 1)
        {
            if (!IsGrouped(mantissa, (byte)'.')) return CanonicalValue.Empty;
            decimalAt = -1;
        }
        else if (dots == 1 && lastComma < firstDot)
        {
            if (!IsGrouped(s[m0..firstDot], (byte)',')) return CanonicalValue.Empty;
            decimalAt = firstDot;
        }
        else if (commas == 1 && lastDot < firstComma)
        {
            if (!IsGrouped(s[m0..firstComma], (byte)'.')) return CanonicalValue.Empty;
            decimalAt = firstComma;
        }
        else return CanonicalValue.Empty;

        Span<byte> intDigits = stackalloc byte[s.Length + MaxExponent];
        Span<byte> fracDigits = stackalloc byte[s.Length + MaxExponent];
        int intLen = 0, fracLen = 0;
        for (var k = m0; k < mantissaEnd; k++)
        {
            var c = s[k];
            if (c is < (byte)'0' or > (byte)'9') continue;
            if (decimalAt >= 0 && k > decimalAt) fracDigits[fracLen++] = c;
            else intDigits[intLen++] = c;
        }
        // "1234567." ends a sentence: still a plain integer.
        var trailingDotOnly = dots == 1 && firstDot == mantissaEnd - 1 && commas == 0;
        // Grouped thousands ("1,234,567", "1 234 567") are integers too: an ID list written so is still one.
        var isPlainInteger = !negative && !hasExponent && (decimalAt < 0 || trailingDotOnly) && s[0] != '+';
        var result = Compose(negative, intDigits, intLen, fracDigits, fracLen, exponent, dest, isPlainInteger);
        if (result.Kind == ValueKind.None) return result;
        if (ambiguousThousands)
        {
            // Thousands reading: all digits form the integer.
            Span<byte> all = stackalloc byte[intLen + fracLen];
            intDigits[..intLen].CopyTo(all);
            fracDigits[..fracLen].CopyTo(all[intLen..]);
            alternateValue = Compose(negative, all, all.Length, [], 0, 0, alternate, false);
        }
        return result;
    }

    /// <summary>
    /// The common case, `-?digits(.digits)?`, without the general parser's buffers: strip leading zeros
    /// of the integer part and trailing zeros of the fraction. Returns Empty for anything else.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static CanonicalValue TryPlainDecimal(ReadOnlySpan<byte> s, Span<byte> dest)
    {
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] == '-') { negative = true; i = 1; }
        var intStart = i;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        var intEnd = i;
        var fracStart = i;
        var fracEnd = i;
        var hasDot = false;
        if (i < s.Length && s[i] == '.')
        {
            hasDot = true;
            i++;
            fracStart = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
            fracEnd = i;
        }
        if (i != s.Length || intEnd == intStart && fracEnd == fracStart) return CanonicalValue.Empty;
        while (intStart < intEnd - 1 && s[intStart] == '0') intStart++;
        while (fracEnd > fracStart && s[fracEnd - 1] == '0') fracEnd--;
        var intIsZero = intEnd == intStart || intEnd - intStart == 1 && s[intStart] == '0';
        var isZero = intIsZero && fracEnd == fracStart;
        var w = 0;
        if (negative && !isZero) dest[w++] = (byte)'-';
        if (intEnd == intStart) dest[w++] = (byte)'0';
        else { s[intStart..intEnd].CopyTo(dest[w..]); w += intEnd - intStart; }
        if (fracEnd > fracStart)
        {
            dest[w++] = (byte)'.';
            s[fracStart..fracEnd].CopyTo(dest[w..]);
            w += fracEnd - fracStart;
        }
        // "1234567." ends a sentence: still a plain integer.
        var plainInteger = !negative && (!hasDot || fracStart == s.Length);
        return new CanonicalValue(ValueKind.Number, w, fracEnd - fracStart, plainInteger);
    }

    /// <summary>True when the separator splits digits into a 1–3 digit head and 3-digit groups.</summary>
    private static bool IsGrouped(ReadOnlySpan<byte> s, byte separator)
    {
        var group = 0;
        var first = true;
        foreach (var c in s)
        {
            if (c == separator)
            {
                if (first ? group is < 1 or > 3 : group != 3) return false;
                first = false;
                group = 0;
            }
            else if (c is >= (byte)'0' and <= (byte)'9') group++;
            else return false;
        }
        return !first && group == 3;
    }

    private static CanonicalValue Compose(bool negative, Span<byte> intDigits, int intLen, Span<byte> fracDigits, int fracLen,
        int exponent, Span<byte> dest, bool isPlainInteger)
    {
        // Shift the decimal point by the exponent.
        Span<byte> digits = stackalloc byte[intLen + fracLen + 2 * MaxExponent + 2];
        var pad = MaxExponent + 1;
        digits[..pad].Fill((byte)'0');
        intDigits[..intLen].CopyTo(digits[pad..]);
        fracDigits[..fracLen].CopyTo(digits[(pad + intLen)..]);
        var total = pad + intLen + fracLen;
        digits[total..].Fill((byte)'0');
        var point = pad + intLen + exponent; // digits before the point
        var end = Math.Max(total, point);
        var start = 0;
        while (start < point - 1 && digits[start] == '0') start++;
        if (start == point - 1 && digits[start] == '0') start = point; // integer part is zero
        while (end > point && digits[end - 1] == '0') end--;
        var intPart = digits[start..point];
        var fracPart = end > point ? digits[point..end] : [];
        var length = (intPart.IsEmpty ? 1 : intPart.Length) + (fracPart.IsEmpty ? 0 : fracPart.Length + 1);
        var isZero = intPart.IsEmpty && fracPart.IsEmpty;
        if (negative && !isZero) length++;
        if (length > dest.Length) return CanonicalValue.Empty;
        var w = 0;
        if (negative && !isZero) dest[w++] = (byte)'-';
        if (intPart.IsEmpty) dest[w++] = (byte)'0';
        else { intPart.CopyTo(dest[w..]); w += intPart.Length; }
        if (!fracPart.IsEmpty)
        {
            dest[w++] = (byte)'.';
            fracPart.CopyTo(dest[w..]);
            w += fracPart.Length;
        }
        return new CanonicalValue(ValueKind.Number, w, fracPart.Length, isPlainInteger);
    }
}
