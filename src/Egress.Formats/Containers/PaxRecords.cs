using System.Text;

namespace Egress.Formats.Containers;

/// <summary>
/// A POSIX pax extended header: "LEN key=value\n" records. The path, link and size override the next
/// header's; metadata keys (times, owners, sparse maps) are ignored; the values of any other key
/// (comments, extended attributes, vendor keys) are kept as text to scan, since they can carry anything.
/// </summary>
public sealed class PaxRecords
{
    private static readonly HashSet<string> MetadataKeys =
        ["path", "linkpath", "size", "mtime", "atime", "ctime", "uid", "gid", "uname", "gname", "charset", "hdrcharset"];

    private static readonly string[] MetadataPrefixes = ["GNU.sparse.", "SCHILY.dev", "SCHILY.ino", "SCHILY.nlink", "SCHILY.filetype", "SCHILY.fflags", "LIBARCHIVE.creationtime"];

    public string? Path { get; private set; }
    public string? LinkPath { get; private set; }
    public long? Size { get; private set; }
    /// <summary>"key=value" lines of the keys that are not plain metadata.</summary>
    public string OtherValues { get; private set; } = "";
    /// <summary>Why the records could not all be parsed, or null.</summary>
    public string? Damage { get; private set; }

    public static PaxRecords Parse(ReadOnlySpan<byte> data)
    {
        var records = new PaxRecords();
        var other = new StringBuilder();
        var at = 0;
        while (at < data.Length)
        {
            if (data[at] == 0) break; // NUL padding after the last record
            var space = data[at..].IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data.Slice(at, space), out var length) || length <= space + 1 || at + length > data.Length || data[at + length - 1] != (byte)'\n')
            {
                records.Damage = $"a pax record at byte {at} is malformed";
                break;
            }
            var record = data.Slice(at + space + 1, length - space - 2);
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0)
            {
                records.Damage = $"a pax record at byte {at} has no key";
                break;
            }
            var key = Encoding.UTF8.GetString(record[..equals]);
            var value = Encoding.UTF8.GetString(record[(equals + 1)..]);
            switch (key)
            {
                case "path": records.Path = value; break;
                case "linkpath": records.LinkPath = value; break;
                case "size":
                    if (long.TryParse(value, out var size) && size >= 0) records.Size = size;
                    else records.Damage = "a pax size is not a number";
                    break;
            }
            if (!MetadataKeys.Contains(key) && !MetadataPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                other.Append(key).Append('=').Append(value).Append('\n');
            at += length;
        }
        records.OtherValues = other.ToString();
        return records;
    }
}
