using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes Arrow IPC files (the file format, Feather v2) with a tiny FlatBuffers serialiser: int64,
/// float64 and utf8 columns (nulls for empty cells), optionally the strings dictionary-encoded,
/// rows split over record batches.
/// </summary>
public static class ArrowTestWriter
{
    private enum Kind { Int, Float, Text }

    public static byte[] Write(SampleTable table, int batchRows = 100, bool dictionaryStrings = false, bool stream = false, bool lz4 = false)
    {
        var kinds = Enumerable.Range(0, table.Columns).Select(c => table.Integer(c) ? Kind.Int : table.Numeric(c) ? Kind.Float : Kind.Text).ToArray();
        using var s = new MemoryStream();
        if (!stream) s.Write("ARROW1\0\0"u8);
        var fields = new List<Fb.Table>();
        for (var c = 0; c < table.Columns; c++)
        {
            var f = new Fb.Table().Add(0, new Fb.Str(table.Header[c])).Byte(1, 1);
            switch (kinds[c])
            {
                case Kind.Int: f.Byte(2, 2).Add(3, new Fb.Table().Int(0, 64).Byte(1, 1)); break;
                case Kind.Float: f.Byte(2, 3).Add(3, new Fb.Table().Short(0, 2)); break;
                default:
                    f.Byte(2, 5).Add(3, new Fb.Table());
                    if (dictionaryStrings) f.Add(4, new Fb.Table().Long(0, c).Add(1, new Fb.Table().Int(0, 32).Byte(1, 1)));
                    break;
            }
            fields.Add(f.Add(5, new Fb.Vector([])));
        }
        var schema = new Fb.Table().Add(1, new Fb.Vector([.. fields]))
            .Add(2, new Fb.Vector([new Fb.Table().Add(0, new Fb.Str("pandas")).Add(1, new Fb.Str("{\"index_columns\": []}"))]));
        Message(s, 1, schema, []);
        var dictionaries = new Dictionary<int, List<string>>();
        if (dictionaryStrings)
            for (var c = 0; c < table.Columns; c++)
            {
                if (kinds[c] != Kind.Text) continue;
                var values = table.Rows.Select(r => r[c]).Where(v => v.Length > 0).Distinct().ToList();
                dictionaries[c] = values;
                var body = new Body(lz4);
                var nodes = new List<(long, long)>();
                body.Strings(values.ToArray(), nodes);
                Message(s, 2, new Fb.Table().Long(0, c).Add(1, Batch(values.Count, nodes, body)), body.Bytes());
            }
        for (var start = 0; start < table.Rows.Count; start += batchRows)
        {
            var rows = table.Rows.Skip(start).Take(batchRows).ToList();
            var body = new Body(lz4);
            var nodes = new List<(long, long)>();
            for (var c = 0; c < table.Columns; c++)
            {
                var cells = rows.Select(r => r[c]).ToArray();
                if (kinds[c] == Kind.Text && dictionaryStrings)
                    body.Fixed(cells, nodes, 4, v => BitConverter.GetBytes(dictionaries[c].IndexOf(v)));
                else if (kinds[c] == Kind.Text) body.Strings(cells, nodes);
                else if (kinds[c] == Kind.Int) body.Fixed(cells, nodes, 8, v => BitConverter.GetBytes(long.Parse(v, CultureInfo.InvariantCulture)));
                else body.Fixed(cells, nodes, 8, v => BitConverter.GetBytes(double.Parse(v, CultureInfo.InvariantCulture)));
            }
            Message(s, 3, Batch(rows.Count, nodes, body), body.Bytes());
        }
        s.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        if (!stream)
        {
            var footer = Fb.Serialize(new Fb.Table().Short(0, 4));
            s.Write(footer);
            s.Write(BitConverter.GetBytes(footer.Length));
            s.Write("ARROW1"u8);
        }
        return s.ToArray();
    }

    private static Fb.Table Batch(int length, List<(long Length, long Nulls)> nodes, Body body) =>
        new Fb.Table().Long(0, length)
            .Add(1, new Fb.Structs(nodes.SelectMany(n => BitConverter.GetBytes(n.Length).Concat(BitConverter.GetBytes(n.Nulls))).ToArray(), nodes.Count))
            .Add(2, new Fb.Structs(body.Buffers.SelectMany(b => BitConverter.GetBytes(b.Offset).Concat(BitConverter.GetBytes(b.Length))).ToArray(), body.Buffers.Count))
            .Add(3, body.Lz4 ? new Fb.Table().Byte(0, 0) : null);

    private static void Message(Stream s, byte type, Fb.Table header, byte[] body)
    {
        var message = Fb.Serialize(new Fb.Table().Short(0, 4).Byte(1, type).Add(2, header).Long(3, body.Length));
        var padded = (message.Length + 7) / 8 * 8;
        s.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        s.Write(BitConverter.GetBytes(padded));
        s.Write(message);
        s.Write(new byte[padded - message.Length]);
        s.Write(body);
    }

    /// <summary>A batch body: buffers one after the other, each padded to 8 bytes.</summary>
    private sealed class Body(bool lz4)
    {
        private readonly MemoryStream _s = new();
        public List<(long Offset, long Length)> Buffers { get; } = [];
        public bool Lz4 => lz4;

        public void Add(byte[] b)
        {
            if (lz4 && b.Length > 0) b = [.. BitConverter.GetBytes((long)b.Length), .. Lz4Frame(b)];
            Buffers.Add((_s.Length, b.Length));
            _s.Write(b);
            _s.Write(new byte[(8 - b.Length % 8) % 8]);
        }

        private byte[] Validity(string[] cells, List<(long, long)> nodes)
        {
            var bits = new byte[(cells.Length + 7) / 8];
            for (var i = 0; i < cells.Length; i++) if (cells[i].Length > 0) bits[i / 8] |= (byte)(1 << (i % 8));
            nodes.Add((cells.Length, cells.Count(c => c.Length == 0)));
            return bits;
        }

        public void Fixed(string[] cells, List<(long, long)> nodes, int size, Func<string, byte[]> value)
        {
            Add(Validity(cells, nodes));
            Add(cells.SelectMany(c => c.Length == 0 ? new byte[size] : value(c)).ToArray());
        }

        public void Strings(string[] cells, List<(long, long)> nodes)
        {
            Add(Validity(cells, nodes));
            var offsets = new List<int> { 0 };
            var data = new List<byte>();
            foreach (var c in cells)
            {
                data.AddRange(Encoding.UTF8.GetBytes(c));
                offsets.Add(data.Count);
            }
            Add(offsets.SelectMany(BitConverter.GetBytes).ToArray());
            Add([.. data]);
        }

        public byte[] Bytes() => _s.ToArray();

        /// <summary>One LZ4 frame holding one compressed block of literals only (valid LZ4, no matches).</summary>
        private static byte[] Lz4Frame(byte[] data)
        {
            var block = new List<byte> { (byte)(Math.Min(data.Length, 15) << 4) };
            if (data.Length >= 15)
            {
                var rest = data.Length - 15;
                while (rest >= 255) { block.Add(255); rest -= 255; }
                block.Add((byte)rest);
            }
            block.AddRange(data);
            return [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82, .. BitConverter.GetBytes(block.Count), .. block, 0, 0, 0, 0];
        }
    }

    /// <summary>A FlatBuffers serialiser for tests: tables (vtable after the table), strings, vectors of tables and of structs; every offset points forward.</summary>
    private static class Fb
    {
        public abstract class Node;

        public sealed class Table : Node
        {
            public List<(int Index, object Value)> Fields { get; } = [];
            public Table Add(int i, Node? n) { if (n is not null) Fields.Add((i, n)); return this; }
            public Table Byte(int i, byte v) { Fields.Add((i, new[] { v })); return this; }
            public Table Short(int i, short v) { Fields.Add((i, BitConverter.GetBytes(v))); return this; }
            public Table Int(int i, int v) { Fields.Add((i, BitConverter.GetBytes(v))); return this; }
            public Table Long(int i, long v) { Fields.Add((i, BitConverter.GetBytes(v))); return this; }
        }

        public sealed class Str(string text) : Node { public string Text { get; } = text; }
        public sealed class Vector(Node[] items) : Node { public Node[] Items { get; } = items; }
        public sealed class Structs(byte[] data, int count) : Node { public byte[] Data { get; } = data; public int Count { get; } = count; }

        public static byte[] Serialize(Node root)
        {
            var b = new List<byte>(new byte[4]);
            var queue = new Queue<(Node, int Patch)>();
            queue.Enqueue((root, 0));
            while (queue.Count > 0)
            {
                var (node, patch) = queue.Dequeue();
                var align = node is Structs ? 8 : 4;
                // A struct vector's elements (after its 4-byte length) are 8-aligned.
                while ((b.Count + (node is Structs ? 4 : 0)) % align != 0) b.Add(0);
                var at = b.Count;
                Put(b, patch, BitConverter.GetBytes(at - patch));
                switch (node)
                {
                    case Str str:
                        var text = Encoding.UTF8.GetBytes(str.Text);
                        b.AddRange(BitConverter.GetBytes(text.Length));
                        b.AddRange(text);
                        b.Add(0);
                        break;
                    case Structs structs:
                        b.AddRange(BitConverter.GetBytes(structs.Count));
                        b.AddRange(structs.Data);
                        break;
                    case Vector vector:
                        b.AddRange(BitConverter.GetBytes(vector.Items.Length));
                        for (var i = 0; i < vector.Items.Length; i++)
                        {
                            queue.Enqueue((vector.Items[i], b.Count));
                            b.AddRange(new byte[4]);
                        }
                        break;
                    case Table table:
                        b.AddRange(new byte[4]);
                        var slots = new Dictionary<int, int>();
                        foreach (var (index, value) in table.Fields)
                        {
                            var size = value is byte[] bytes ? bytes.Length : 4;
                            while (b.Count % size != 0) b.Add(0);
                            slots[index] = b.Count - at;
                            if (value is byte[] v) b.AddRange(v);
                            else
                            {
                                queue.Enqueue(((Node)value, b.Count));
                                b.AddRange(new byte[4]);
                            }
                        }
                        var tableSize = b.Count - at;
                        while (b.Count % 2 != 0) b.Add(0);
                        var vtable = b.Count;
                        var count = slots.Count == 0 ? 0 : slots.Keys.Max() + 1;
                        b.AddRange(BitConverter.GetBytes((ushort)(4 + 2 * count)));
                        b.AddRange(BitConverter.GetBytes((ushort)tableSize));
                        for (var i = 0; i < count; i++) b.AddRange(BitConverter.GetBytes((ushort)(slots.TryGetValue(i, out var o) ? o : 0)));
                        Put(b, at, BitConverter.GetBytes(at - vtable));
                        break;
                }
            }
            while (b.Count % 8 != 0) b.Add(0);
            return [.. b];
        }

        private static void Put(List<byte> b, int at, byte[] value)
        {
            for (var i = 0; i < value.Length; i++) b[at + i] = value[i];
        }
    }
}
