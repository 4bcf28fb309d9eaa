using System.Text;

namespace Egress.Formats.Data.Sqlite;

/// <summary>
/// A table's columns as its CREATE TABLE statement (kept in sqlite_schema) declares them: their names
/// in the order the records store them, the INTEGER PRIMARY KEY column whose value is the rowid (the
/// record holds NULL there), and whether the table is WITHOUT ROWID. A statement this cannot parse
/// (CREATE TABLE … AS SELECT) gives no names: the table is still read, without a header.
/// </summary>
internal sealed record SqliteTableSchema(IReadOnlyList<string>? Columns, int RowIdColumn, bool WithoutRowId)
{
    private static readonly HashSet<string> ConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    };

    public static SqliteTableSchema Parse(string sql)
    {
        var tokens = Tokens(sql);
        var open = tokens.IndexOf("(");
        if (open < 0) return new(null, -1, false);
        var definitions = new List<List<string>> { new() };
        var depth = 0;
        var close = -1;
        for (var i = open + 1; i < tokens.Count && close < 0; i++)
        {
            var t = tokens[i];
            if (t == "(") depth++;
            if (t == ")" && depth-- == 0) close = i;
            else if (t == "," && depth == 0) definitions.Add([]);
            else definitions[^1].Add(t);
        }
        if (close < 0) return new(null, -1, false);
        var withoutRowId = tokens.Skip(close + 1).Any(t => t.Equals("ROWID", StringComparison.OrdinalIgnoreCase));
        var names = new List<string>();
        var primary = new List<string>();
        var rowId = -1;
        foreach (var d in definitions.Where(d => d.Count > 0))
        {
            var first = d[0].ToUpperInvariant();
            if (first is "CONSTRAINT" or "PRIMARY" or "UNIQUE" or "CHECK" or "FOREIGN")
            {
                var key = d.FindIndex(t => t.Equals("KEY", StringComparison.OrdinalIgnoreCase));
                if (d.Exists(t => t.Equals("PRIMARY", StringComparison.OrdinalIgnoreCase)) && key >= 0 && key + 1 < d.Count && d[key + 1] == "(")
                    primary.AddRange(d.Skip(key + 2).TakeWhile(t => t != ")").Where(t => t != "," && !IsOrderWord(t)).Select(Unquote).Take(1000));
                continue;
            }
            names.Add(Unquote(d[0]));
            var type = string.Join(" ", d.Skip(1).TakeWhile(t => !ConstraintWords.Contains(t) && t != "(")).ToUpperInvariant();
            var pk = d.FindIndex(t => t.Equals("PRIMARY", StringComparison.OrdinalIgnoreCase));
            if (pk < 0) continue;
            primary.Add(names[^1]);
            if (type == "INTEGER" && !d.Skip(pk).Any(t => t.Equals("DESC", StringComparison.OrdinalIgnoreCase))) rowId = names.Count - 1;
        }
        if (withoutRowId)
        {
            // The b-tree's records hold the primary key's columns first, then the others in declared order.
            var keyed = primary.Where(names.Contains).Distinct().ToList();
            return new([.. keyed, .. names.Where(n => !keyed.Contains(n))], -1, true);
        }
        // A table-level PRIMARY KEY(x) on one INTEGER column makes x the rowid as well.
        if (rowId < 0 && primary.Count == 1)
        {
            var i = names.IndexOf(primary[0]);
            var declared = definitions.FirstOrDefault(d => d.Count > 1 && Unquote(d[0]) == primary[0]);
            if (i >= 0 && declared is not null && declared[1].Equals("INTEGER", StringComparison.OrdinalIgnoreCase)) rowId = i;
        }
        return new(names, rowId, false);
    }

    private static bool IsOrderWord(string t) => t.Equals("ASC", StringComparison.OrdinalIgnoreCase) || t.Equals("DESC", StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string t) =>
        t.Length >= 2 && (t[0] == '"' && t[^1] == '"' || t[0] == '`' && t[^1] == '`' || t[0] == '\'' && t[^1] == '\'')
            ? t[1..^1].Replace(new string(t[0], 2), t[0].ToString())
            : t.Length >= 2 && t[0] == '[' && t[^1] == ']' ? t[1..^1] : t;

    /// <summary>Words, quoted names and punctuation; comments dropped.</summary>
    private static List<string> Tokens(string sql)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < sql.Length && tokens.Count < 100_000)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }
            if (c is '"' or '`' or '\'' or '[')
            {
                var closing = c == '[' ? ']' : c;
                var token = new StringBuilder().Append(c);
                i++;
                while (i < sql.Length)
                {
                    token.Append(sql[i]);
                    if (sql[i] == closing)
                    {
                        // A doubled quote is the quote itself.
                        if (closing != ']' && i + 1 < sql.Length && sql[i + 1] == closing) { token.Append(closing); i += 2; continue; }
                        i++;
                        break;
                    }
                    i++;
                }
                tokens.Add(token.ToString());
                continue;
            }
            if (char.IsLetterOrDigit(c) || c is '_' or '$' or '.' || c > 127)
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$' or '.' || sql[i] > 127)) i++;
                tokens.Add(sql[start..i]);
                continue;
            }
            tokens.Add(c.ToString());
            i++;
        }
        return tokens;
    }
}
