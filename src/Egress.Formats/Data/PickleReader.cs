using Egress.Formats.Content;
using Egress.Formats.Data.Pickle;

namespace Egress.Formats.Data;

/// <summary>
/// Python pickles (protocol 2–5, recognised by PROTO 0x80 and a first opcode), never unpickled: the
/// opcode stream is run on plain values (<see cref="PickleMachine"/>: no import, no call), then pandas
/// DataFrames and Series, numpy arrays, lists of rows or records and dicts of columns become tables and
/// every other number and string is text (<see cref="PickleWalker"/>). Several pickles one after the
/// other (repeated pickle.dump) are all read. A pickle that breaks off is read as far as it goes and
/// reported. The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class PickleReader : IContentReader
{
    /// <summary>Pickles one after the other in one file: past this many the rest is reported, not read.</summary>
    private const int MaxPickles = 10_000;

    public string Format => "pickle";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 4 && head[0] == 0x80 && head[1] is >= 2 and <= 5 && IsOpening(head[2]);

    /// <summary>Opcodes a pickle begins with after PROTO: a frame, a container, a global, a value.</summary>
    private static bool IsOpening(byte op) =>
        op is 0x95 or (byte)'}' or (byte)']' or (byte)')' or (byte)'(' or (byte)'c' or 0x8C or (byte)'X' or (byte)'N'
            or (byte)'K' or (byte)'J' or (byte)'M' or (byte)'G' or 0x88 or 0x89 or 0x8A or (byte)'C' or (byte)'B' or 0x8E or 0x8F or (byte)'U' or (byte)'T';

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var machine = new PickleMachine(data, context);
        var roots = new List<(object? Node, string Where)>();
        Notice? failure = null;
        try
        {
            do
            {
                if (roots.Count == MaxPickles)
                {
                    failure = new Notice(path, NoticeKind.LimitReached, $"more than {MaxPickles:N0} pickles one after the other; the rest was not inspected");
                    break;
                }
                var result = machine.Run();
                roots.Add((result, roots.Count == 0 ? "$" : $"pickle{roots.Count + 1}"));
            }
            while (!machine.AtEnd);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What was built before the damage (on the stack, in the memo) is still read.
            foreach (var value in machine.Unfinished) roots.Add((value, "unfinished"));
            failure = e switch
            {
                InputLimitException => new Notice(path, NoticeKind.LimitReached, e.Message),
                NotSupportedException => new Notice(path, NoticeKind.Unsupported, $"{e.Message}; the rest of the pickle was not inspected"),
                EndOfStreamException => new Notice(path, NoticeKind.Corrupt, "the pickle ends early (a truncated file); the rest was not inspected"),
                _ => new Notice(path, NoticeKind.Corrupt, $"the pickle could not be read to the end ({e.Message}); the rest was not inspected"),
            };
        }
        foreach (var value in machine.Dropped) roots.Add((value, "dropped"));
        foreach (var value in machine.Memo) roots.Add((value, "memo"));
        foreach (var part in new PickleWalker(path, context).Parts(roots)) yield return part;
        if (failure is not null) yield return failure;
    }
}
