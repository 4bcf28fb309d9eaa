using System.Text;

namespace Egress.Index;

/// <summary>
/// The quasi-identifiers whose exact population counts F_k the index keeps, and how a combination of
/// their values is keyed: every subset of them, so a table with any of these columns can be scored.
/// </summary>
public static class QuasiIdentifierKeys
{
    /// <summary>Sex, year of birth, month of birth, assessment centre, ethnic background (instance 0).</summary>
    public static readonly IReadOnlyList<string> Fields = ["31", "34", "52", "54", "21000"];

    /// <summary>Position of a column named `FIELD-0.0` among <see cref="Fields"/>, or -1.</summary>
    public static int FieldPosition(string column)
    {
        var dash = column.IndexOf('-');
        var field = dash < 0 ? column : column[..dash];
        if (dash >= 0 && column[(dash + 1)..] != "0.0") return -1;
        for (var i = 0; i < Fields.Count; i++)
            if (Fields[i] == field) return i;
        return -1;
    }

    /// <summary>Key of one combination: project, the subset (bit mask) and the canonical values in field order.</summary>
    public static ulong Key(SipHash hasher, string project, int mask, ReadOnlySpan<byte> joinedValues)
    {
        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(project.Length + 4) + 2 + joinedValues.Length];
        var w = Encoding.UTF8.GetBytes("qi\u001f" + project + "\u001f", buffer);
        buffer[w++] = (byte)mask;
        buffer[w++] = 0x1F;
        joinedValues.CopyTo(buffer[w..]);
        return IndexLayout.SlotKey(hasher.Hash(buffer[..(w + joinedValues.Length)]));
    }
}
