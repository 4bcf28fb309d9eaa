using System.Globalization;
using System.Text;

namespace Egress.Formats.Pdf;

/// <summary>
/// The single-byte encodings PDF text uses (WinAnsi, MacRoman, Standard, PDFDoc) and glyph names to
/// Unicode (the Adobe Glyph List's common part: digits, letters, punctuation, symbols; uniXXXX and
/// uXXXX forms). Numbers and words need no more; an unknown glyph name is reported, not guessed.
/// </summary>
public static class PdfEncodings
{
    private static readonly string WinAnsiHigh =
        "\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uFFFD\u017D\uFFFD" +
        "\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uFFFD\u017E\u0178";

    private static readonly string MacRomanHigh =
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

    private static readonly string PdfDocSpecials = // 0x18–0x1F, then 0x80–0x9F
        "\u02D8\u02C7\u02C6\u02D9\u02DD\u02DB\u02DA\u02DC" +
        "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203A\u2212\u2030\u201E\u201C\u201D\u2018" +
        "\u2019\u201A\u2122\uFB01\uFB02\u0141\u0152\u0160\u0178\u017D\u0131\u0142\u0153\u0161\u017E\uFFFD";

    /// <summary>The character a code stands for in a base encoding (null: none).</summary>
    public static string? Base(string encoding, byte code)
    {
        if (code < 0x20) return null;
        switch (encoding)
        {
            case "MacRomanEncoding":
                return code < 0x80 ? ((char)code).ToString() : MacRomanHigh[code - 0x80].ToString();
            case "StandardEncoding":
                return code switch
                {
                    0x27 => "\u2019",
                    0x60 => "\u2018",
                    < 0x7F => ((char)code).ToString(),
                    0xAE => "ﬁ", 0xAF => "ﬂ", 0xB1 => "–", 0xD0 => "—", 0xB7 => "•", 0xBC => "…",
                    0xAA => "“", 0xBA => "”", 0xA9 => "'", 0xE1 => "Æ", 0xF1 => "æ", 0xF5 => "ı", 0xF8 => "ł", 0xFA => "œ", 0xFB => "ß",
                    _ => null,
                };
            default:
                if (code == 0x7F) return null;
                if (code is >= 0x80 and < 0xA0) return WinAnsiHigh[code - 0x80] is var c && c != '\uFFFD' ? c.ToString() : null;
                return ((char)code).ToString();
        }
    }

    /// <summary>Text strings outside content streams: UTF-16BE with a byte-order mark, UTF-8 with one, else PDFDocEncoding.</summary>
    public static string TextString(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(bytes, 2, (bytes.Length - 2) & ~1);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                >= 0x18 and <= 0x1F => PdfDocSpecials[b - 0x18],
                >= 0x80 and <= 0x9F => PdfDocSpecials[b - 0x80 + 8],
                _ => (char)b,
            });
        }
        return text.ToString();
    }

    private static readonly Dictionary<string, string> Glyphs = BuildGlyphs();

    /// <summary>Unicode for a glyph name, or null when the name is unknown.</summary>
    public static string? Glyph(string name)
    {
        if (Glyphs.TryGetValue(name, out var known)) return known;
        if (name.Length == 1 && char.IsAsciiLetter(name[0])) return name;
        var dot = name.IndexOf('.');
        if (dot > 0) return Glyph(name[..dot]);
        if (name.Contains('_')) 
        {
            var parts = name.Split('_').Select(Glyph).ToList();
            return parts.All(p => p is not null) ? string.Concat(parts) : null;
        }
        if (name.StartsWith("uni", StringComparison.Ordinal) && name.Length >= 7 && (name.Length - 3) % 4 == 0)
        {
            var text = new StringBuilder();
            for (var i = 3; i < name.Length; i += 4)
            {
                if (!int.TryParse(name.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp)) return null;
                text.Append((char)cp);
            }
            return text.ToString();
        }
        if (name.Length is >= 5 and <= 7 && name[0] == 'u' && int.TryParse(name.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
            && code <= 0x10FFFF && code is < 0xD800 or > 0xDFFF)
            return char.ConvertFromUtf32(code);
        return null;
    }

    private static Dictionary<string, string> BuildGlyphs()
    {
        var g = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        for (var i = 0; i < 10; i++)
        {
            g[digits[i]] = i.ToString(CultureInfo.InvariantCulture);
            g[digits[i] + "oldstyle"] = g[digits[i]];
            g[digits[i] + "superior"] = g[digits[i]];
            g[digits[i] + "inferior"] = g[digits[i]];
        }
        const string pairs =
            "space: |exclam:!|quotedbl:\"|numbersign:#|dollar:$|percent:%|ampersand:&|quotesingle:'|quoteright:\u2019|quoteleft:\u2018|" +
            "parenleft:(|parenright:)|asterisk:*|plus:+|comma:,|hyphen:-|period:.|slash:/|colon::|semicolon:;|less:<|equal:=|greater:>|" +
            "question:?|at:@|bracketleft:[|backslash:\\|bracketright:]|asciicircum:^|underscore:_|grave:`|braceleft:{|bar:||braceright:}|" +
            "asciitilde:~|quotedblleft:\u201C|quotedblright:\u201D|quotedblbase:\u201E|quotesinglbase:\u201A|endash:\u2013|emdash:\u2014|" +
            "bullet:\u2022|minus:\u2212|multiply:\u00D7|divide:\u00F7|plusminus:\u00B1|degree:\u00B0|ellipsis:\u2026|fi:fi|fl:fl|ff:ff|ffi:ffi|" +
            "ffl:ffl|dotlessi:\u0131|periodcentered:\u00B7|section:\u00A7|paragraph:\u00B6|copyright:\u00A9|registered:\u00AE|trademark:\u2122|" +
            "germandbls:\u00DF|ae:\u00E6|AE:\u00C6|oe:\u0153|OE:\u0152|oslash:\u00F8|Oslash:\u00D8|lslash:\u0142|Lslash:\u0141|mu:\u00B5|" +
            "less equal:\u2264|lessequal:\u2264|greaterequal:\u2265|notequal:\u2260|infinity:\u221E|approxequal:\u2248|percent:%|perthousand:\u2030|" +
            "dagger:\u2020|daggerdbl:\u2021|sterling:\u00A3|yen:\u00A5|Euro:\u20AC|euro:\u20AC|cent:\u00A2|currency:\u00A4|florin:\u0192|" +
            "guillemotleft:\u00AB|guillemotright:\u00BB|guilsinglleft:\u2039|guilsinglright:\u203A|exclamdown:\u00A1|questiondown:\u00BF|" +
            "onehalf:\u00BD|onequarter:\u00BC|threequarters:\u00BE|fraction:\u2044|ordfeminine:\u00AA|ordmasculine:\u00BA|nbspace:\u00A0|" +
            "nonbreakingspace:\u00A0|sfthyphen:\u00AD|logicalnot:\u00AC|brokenbar:\u00A6|dieresis:\u00A8|acute:\u00B4|cedilla:\u00B8|macron:\u00AF|" +
            "circumflex:\u02C6|tilde:\u02DC|caron:\u02C7|breve:\u02D8|dotaccent:\u02D9|ring:\u02DA|ogonek:\u02DB|hungarumlaut:\u02DD|" +
            "summation:\u2211|product:\u220F|integral:\u222B|radical:\u221A|partialdiff:\u2202|Delta:\u0394|Omega:\u03A9|" +
            "alpha:\u03B1|beta:\u03B2|gamma:\u03B3|delta:\u03B4|epsilon:\u03B5|zeta:\u03B6|eta:\u03B7|theta:\u03B8|iota:\u03B9|kappa:\u03BA|" +
            "lambda:\u03BB|nu:\u03BD|xi:\u03BE|omicron:\u03BF|pi:\u03C0|rho:\u03C1|sigma:\u03C3|tau:\u03C4|upsilon:\u03C5|phi:\u03C6|chi:\u03C7|" +
            "psi:\u03C8|omega:\u03C9|Gamma:\u0393|Theta:\u0398|Lambda:\u039B|Xi:\u039E|Pi:\u03A0|Sigma:\u03A3|Upsilon:\u03A5|Phi:\u03A6|Psi:\u03A8|" +
            "arrowright:\u2192|arrowleft:\u2190|arrowup:\u2191|arrowdown:\u2193|element:\u2208|similar:\u223C|proportional:\u221D|" +
            "circlemultiply:\u2297|circleplus:\u2295|angleleft:\u2329|angleright:\u232A|lozenge:\u25CA|dotmath:\u22C5|asteriskmath:\u2217|" +
            "minute:\u2032|second:\u2033|bulletmath:\u2219|openbullet:\u25E6|square:\u25A1|filledbox:\u25A0|triangle:\u25B2|circle:\u25CB|" +
            "visiblespace:\u2423|dotlessj:\u0237|ordmasculine:\u00BA|onesuperior:\u00B9|twosuperior:\u00B2|threesuperior:\u00B3";
        foreach (var pair in pairs.Split('|'))
        {
            var colon = pair.IndexOf(':');
            if (colon > 0) g[pair[..colon]] = pair[(colon + 1)..];
        }
        g["bar"] = "|";
        g["colon"] = ":";
        // Accented Latin letters: name = base letter + accent.
        string[] accents = ["acute", "grave", "circumflex", "dieresis", "tilde", "ring", "cedilla", "caron"];
        foreach (var letter in "aeiouyncszAEIOUYNCSZ")
            foreach (var accent in accents)
            {
                var composed = (letter + Combining(accent)).Normalize(NormalizationForm.FormC);
                if (composed.Length == 1) g[letter + accent] = composed;
            }
        return g;
    }

    private static string Combining(string accent) => accent switch
    {
        "acute" => "\u0301",
        "grave" => "\u0300",
        "circumflex" => "\u0302",
        "dieresis" => "\u0308",
        "tilde" => "\u0303",
        "ring" => "\u030A",
        "cedilla" => "\u0327",
        _ => "\u030C",
    };
}
