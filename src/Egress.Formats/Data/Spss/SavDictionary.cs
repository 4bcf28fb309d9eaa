using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Spss;

/// <summary>
/// The dictionary of an SPSS system file (.sav, .zsav): the header record, variable records (a string
/// wider than 8 bytes takes continuation records, one per further 8 bytes), value labels, documents and
/// the extension records read here (long variable names, character encoding); up to the 999 record,
/// after which the cases begin. Labels and documents are gathered as text.
/// </summary>
internal sealed class SavDictionary
{
    public sealed record Variable(string Name, int Width, int Segments, int Format);

    public bool BigEndian { get; private set; }
    public int Compression { get; private set; }
    public double Bias { get; private set; } = 100;
    public long Cases { get; private set; } = -1;
    public int CaseElements { get; private set; }
    public List<Variable> Variables { get; } = [];
    public StringBuilder Labels { get; } = new();
    public Encoding Text { get; private set; } = Encoding.UTF8;
    public int DataStart { get; private set; }

    private readonly ReadOnlyMemory<byte> _data;
    private int _at;

    private SavDictionary(ReadOnlyMemory<byte> data) => _data = data;

    public static SavDictionary Read(ReadOnlyMemory<byte> data, Content.UnpackContext context)
    {
        var d = new SavDictionary(data);
        d.ReadAll(context);
        return d;
    }

    private void ReadAll(Content.UnpackContext context)
    {
        var magic = Take(4);
        if (!magic.SequenceEqual("$FL2"u8) && !magic.SequenceEqual("$FL3"u8)) throw new InvalidDataException("not an SPSS system file");
        Take(60);
        var layout = Take(4);
        BigEndian = BinaryPrimitives.ReadInt32LittleEndian(layout) is not (2 or 3);
        if (BigEndian && BinaryPrimitives.ReadInt32BigEndian(layout) is not (2 or 3)) throw new InvalidDataException("an SPSS layout code that is neither 2 nor 3");
        I32(); // nominal case size: not trusted (-1 in some writers); the variable records count it
        Compression = I32();
        if (Compression is < 0 or > 2) throw new InvalidDataException($"an unknown SPSS compression {Compression}");
        I32(); // weight variable
        Cases = I32();
        Bias = F64();
        Take(17);
        var label = Trim(Take(64));
        if (label.Length > 0) Labels.Append("file label: ").Append(label).Append('\n');
        Take(3);
        var pendingLabels = new List<(byte[] Value, string Label)>();
        var records = 0;
        while (true)
        {
            if ((++records & 1023) == 0) context.ThrowIfCancelled();
            var type = I32();
            switch (type)
            {
                case 2: VariableRecord(); break;
                case 3:
                {
                    var count = I32();
                    if (count < 0 || count > Left / 9) throw new InvalidDataException("an SPSS value-label count larger than the file");
                    pendingLabels.Clear();
                    for (var i = 0; i < count; i++)
                    {
                        var value = Take(8).ToArray();
                        var length = Take(1)[0];
                        var text = Trim(Take(length));
                        Take((8 - (length + 1) % 8) % 8);
                        pendingLabels.Add((value, text));
                    }
                    break;
                }
                case 4:
                {
                    var count = I32();
                    if (count < 0 || count > Left / 4) throw new InvalidDataException("an SPSS value-label record larger than the file");
                    for (var i = 0; i < count; i++) I32();
                    foreach (var (value, text) in pendingLabels) Labels.Append(LabelledValue(value)).Append(": ").Append(text).Append('\n');
                    pendingLabels.Clear();
                    break;
                }
                case 6:
                {
                    var lines = I32();
                    if (lines < 0 || lines > Left / 80) throw new InvalidDataException("an SPSS document larger than the file");
                    for (var i = 0; i < lines; i++) Labels.Append(Trim(Take(80))).Append('\n');
                    break;
                }
                case 7: Extension(); break;
                case 999:
                    I32();
                    if (Compression == 2) Take(24); // the zlib header: where the blocks and their index lie
                    DataStart = _at;
                    Finish();
                    return;
                default: throw new InvalidDataException($"an unknown SPSS record type {type}");
            }
        }
    }

    private readonly Dictionary<string, string> _longNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, int Width, int Format)> _records = [];

    private void VariableRecord()
    {
        var width = I32();
        var hasLabel = I32();
        var missing = I32();
        var print = I32();
        I32();
        var name = Trim(Take(8));
        if (hasLabel == 1)
        {
            var length = I32();
            if (length < 0 || length > Left) throw new InvalidDataException("an SPSS variable label longer than the file");
            var text = Trim(Take(length));
            Take((4 - length % 4) % 4);
            if (text.Length > 0) Labels.Append(name).Append(": ").Append(text).Append('\n');
        }
        if (missing is < -3 or > 3) throw new InvalidDataException("an SPSS missing-value count outside −3…3");
        Take(8 * Math.Abs(missing));
        if (width is < -1 or > 255) throw new InvalidDataException($"an SPSS variable width {width}");
        _records.Add((name, width, print >> 16 & 0xFF));
        CaseElements++;
    }

    private void Extension()
    {
        var subtype = I32();
        var size = I32();
        var count = I32();
        if (size < 0 || count < 0 || (long)size * count > Left) throw new InvalidDataException("an SPSS extension record longer than the file");
        var body = Take(size * count);
        switch (subtype)
        {
            case 13: // long variable names: SHORT=Long pairs separated by tabs
                foreach (var pair in Text.GetString(body).Split('\t', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    if (eq > 0) _longNames[pair[..eq]] = pair[(eq + 1)..];
                }
                break;
            case 20: // character encoding
                var name = Encoding.ASCII.GetString(body).Trim('\0', ' ');
                Text = name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("UTF8", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : Encoding.Latin1;
                break;
            case 21: // value labels of long strings: read as text
            case 17 or 18: // data file and variable attributes
                Labels.Append(Text.GetString(body).Replace('\0', ' ')).Append('\n');
                break;
        }
    }

    /// <summary>Each variable with the 8-byte segments it takes in a case (its continuation records).</summary>
    private void Finish()
    {
        for (var i = 0; i < _records.Count; i++)
        {
            var (name, width, format) = _records[i];
            if (width == -1) continue;
            var segments = 1;
            while (i + segments < _records.Count && _records[i + segments].Width == -1) segments++;
            if (width > 0 && (width + 7) / 8 > segments) throw new InvalidDataException($"SPSS string variable {name} lacks its continuation records");
            Variables.Add(new Variable(_longNames.GetValueOrDefault(name, name), width, segments, format));
        }
        if (_records.Count > 0 && _records[0].Width == -1) throw new InvalidDataException("an SPSS continuation record without its variable");
    }

    /// <summary>A labelled value: a string variable's (8 bytes of text) or a number.</summary>
    private string LabelledValue(byte[] value) =>
        value.All(b => b is >= 0x20 and < 0x7F) ? Encoding.ASCII.GetString(value).TrimEnd(' ') : NumberText.Double(Double(value));

    private int Left => _data.Length - _at;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Left) throw new EndOfStreamException();
        var span = _data.Span.Slice(_at, n);
        _at += n;
        return span;
    }

    private int I32() => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(Take(4)) : BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    private double F64() => Double(Take(8));

    public double Double(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);

    public string Trim(ReadOnlySpan<byte> b)
    {
        var end = b.IndexOf((byte)0);
        if (end >= 0) b = b[..end];
        return (System.Text.Unicode.Utf8.IsValid(b) ? Encoding.UTF8.GetString(b) : Text.GetString(b)).TrimEnd(' ');
    }
}
