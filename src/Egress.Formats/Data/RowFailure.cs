using Egress.Formats.Content;

namespace Egress.Formats.Data;

/// <summary>
/// Rows of a table are read lazily, by the scanner, after the reader has yielded the table: damage
/// found then cannot travel back through the scanner. The rows are guarded here instead: they end at
/// the damage, and the reader yields the failure as a notice right after the table, so the part is
/// never taken as complete (fail closed).
/// </summary>
public sealed class RowFailure(string path, string format)
{
    public Notice? Notice { get; private set; }

    public IEnumerable<IReadOnlyList<string>> Guard(IEnumerable<IReadOnlyList<string>> rows)
    {
        IEnumerator<IReadOnlyList<string>>? cursor = null;
        try
        {
            while (true)
            {
                IReadOnlyList<string> row;
                try
                {
                    cursor ??= rows.GetEnumerator();
                    if (!cursor.MoveNext()) yield break;
                    row = cursor.Current;
                }
                catch (InputLimitException e)
                {
                    Notice = new Notice(path, NoticeKind.LimitReached, e.Message);
                    yield break;
                }
                catch (NotSupportedException e)
                {
                    Notice = new Notice(path, NoticeKind.Unsupported, $"{e.Message}; the rest of the {format} content was not inspected");
                    yield break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Notice = new Notice(path, NoticeKind.Corrupt, $"{format} could not be read to the end ({Describe(e)}); the rest was not inspected");
                    yield break;
                }
                yield return row;
            }
        }
        finally
        {
            cursor?.Dispose();
        }
    }

    private static string Describe(Exception e) => e switch
    {
        EndOfStreamException => "it ends early",
        InvalidDataException or FormatException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
