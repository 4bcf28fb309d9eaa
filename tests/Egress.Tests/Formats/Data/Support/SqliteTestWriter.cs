using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>Writes real SQLite databases with Microsoft.Data.Sqlite: a sample table with numeric columns as REAL or INTEGER, others TEXT.</summary>
public static class SqliteTestWriter
{
    /// <param name="idColumn">When given, a first INTEGER PRIMARY KEY column of that name holding these IDs (stored as the rowid).</param>
    public static byte[] Write(SampleTable table, string name = "results", string? idColumn = null, IReadOnlyList<long>? ids = null,
        Action<SqliteConnection>? more = null, int pageSize = 4096)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("egress-sqlite-").FullName, "t.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, $"PRAGMA page_size={pageSize}");
            var types = Enumerable.Range(0, table.Columns).Select(c => table.Integer(c) ? "INTEGER" : table.Numeric(c) ? "REAL" : "TEXT").ToArray();
            var columns = table.Header.Select((h, c) => $"\"{h}\" {types[c]}").ToList();
            if (idColumn is not null) columns.Insert(0, $"\"{idColumn}\" INTEGER PRIMARY KEY");
            Execute(connection, $"CREATE TABLE \"{name}\" ({string.Join(", ", columns)})");
            using (var transaction = connection.BeginTransaction())
            {
                var insert = connection.CreateCommand();
                var count = table.Columns + (idColumn is null ? 0 : 1);
                insert.CommandText = $"INSERT INTO \"{name}\" VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => "$p" + i))})";
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    insert.Parameters.Clear();
                    var p = 0;
                    if (idColumn is not null) insert.Parameters.AddWithValue("$p" + p++, ids![r]);
                    for (var c = 0; c < table.Columns; c++)
                    {
                        var cell = table.Rows[r][c];
                        object value = cell.Length == 0 ? DBNull.Value
                            : types[c] == "INTEGER" ? long.Parse(cell, CultureInfo.InvariantCulture)
                            : types[c] == "REAL" ? double.Parse(cell, CultureInfo.InvariantCulture)
                            : cell;
                        insert.Parameters.AddWithValue("$p" + p++, value);
                    }
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            more?.Invoke(connection);
        }
        return File.ReadAllBytes(file);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
