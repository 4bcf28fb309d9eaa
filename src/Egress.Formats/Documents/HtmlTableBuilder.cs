using System.Text;

namespace Egress.Formats.Documents;

/// <summary>
/// One HTML &lt;table&gt; as it is tokenized: rows of cells (a colspan repeats the cell's place with
/// empty cells so columns stay aligned), the first row its header when all its cells are &lt;th&gt;.
/// </summary>
internal sealed class HtmlTableBuilder(int number, TextCollector budget)
{
    private const int MaxColspan = 1000;

    private readonly List<List<string>> _rows = [];
    private readonly List<bool> _allHeader = [];
    private List<string>? _row;
    private StringBuilder? _cell;
    private int _span;
    private bool _rowAllHeader;

    public int Number { get; } = number;
    public bool InCell => _cell is not null;

    public void StartRow()
    {
        EndRow();
        _row = [];
        _rowAllHeader = true;
    }

    public void StartCell(bool header, string? colspan)
    {
        EndCell();
        if (_row is null) StartRow();
        _cell = new StringBuilder();
        _span = int.TryParse(colspan, out var s) ? Math.Clamp(s, 1, MaxColspan) : 1;
        if (!header) _rowAllHeader = false;
    }

    public void Append(string text)
    {
        if (_cell is null) return;
        budget.Reserve(text.Length);
        _cell.Append(text);
    }

    public void EndCell()
    {
        if (_cell is null || _row is null) return;
        _row.Add(Collapse(_cell.ToString()));
        for (var i = 1; i < _span; i++) _row.Add("");
        budget.Reserve(_span);
        _cell = null;
    }

    public void EndRow()
    {
        EndCell();
        if (_row is null) return;
        if (_row.Count > 0)
        {
            _rows.Add(_row);
            _allHeader.Add(_rowAllHeader);
        }
        _row = null;
    }

    /// <summary>(header or null, data rows) once the table is complete.</summary>
    public (IReadOnlyList<string>? Header, List<List<string>> Rows) Finish()
    {
        EndRow();
        if (_rows.Count > 1 && _allHeader[0]) return (_rows[0], _rows.Skip(1).ToList());
        return (null, _rows);
    }

    /// <summary>Whitespace runs (line breaks of the source) as single spaces, trimmed.</summary>
    private static string Collapse(string s)
    {
        var result = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = result.Length > 0; continue; }
            if (space) result.Append(' ');
            space = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
