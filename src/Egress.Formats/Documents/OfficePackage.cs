using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// The zip inside an Office document, opened for reading parts with the check's bounds: every entry
/// counts towards the entry limit, every byte read counts towards the expansion budget, and a part
/// that inflates more than the expansion ratio allows is a bomb.
/// </summary>
internal sealed class OfficePackage : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly UnpackContext _context;

    private OfficePackage(ZipArchive archive, UnpackContext context)
    {
        _archive = archive;
        _context = context;
        foreach (var entry in archive.Entries)
        {
            context.ThrowIfCancelled();
            context.CountEntry();
            _entries.TryAdd(entry.FullName.TrimStart('/'), entry);
        }
    }

    public IReadOnlyCollection<ZipArchiveEntry> Entries => _entries.Values;

    /// <summary>Opens the package; content that needs buffering (not seekable) is read whole, within the in-memory cap.</summary>
    public static OfficePackage Open(ContentSource source, UnpackContext context)
    {
        var stream = source.Seekable ? source.Open() : new MemorySource(source.ReadAll(context)).Open();
        try
        {
            return new OfficePackage(new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false), context);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the seekable content is a zip with all these entries (read from its central directory).</summary>
    public static bool HasEntries(ContentSource source, params string[] names)
    {
        try
        {
            using var stream = source.Open();
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read);
            var found = 0;
            foreach (var entry in archive.Entries)
                if (names.Contains(entry.FullName.TrimStart('/'), StringComparer.OrdinalIgnoreCase) && ++found == names.Length)
                    return true;
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    public ZipArchiveEntry? Entry(string name) => _entries.GetValueOrDefault(name.TrimStart('/'));

    public Stream OpenPart(ZipArchiveEntry entry)
    {
        Stream raw;
        try
        {
            raw = entry.Open();
        }
        catch (NotSupportedException e)
        {
            throw new InvalidDataException($"part {entry.FullName} cannot be decompressed ({e.Message})");
        }
        return _context.CountExpansion(new RatioGuard(raw, entry.CompressedLength, _context.Limits.MaxExpansionRatio, entry.FullName));
    }

    /// <summary>A part's bytes, for handing on as an embedded file; its size is checked first against the in-memory cap.</summary>
    public ContentSource PartSource(ZipArchiveEntry entry) => new DerivedSource(() => OpenPart(entry), null, _context);

    public void Dispose() => _archive.Dispose();

    /// <summary>Stops a part that inflates far beyond its stored size (a zip bomb) before it is read out.</summary>
    private sealed class RatioGuard(Stream inner, long compressed, double maxRatio, string name) : ReadOnlyStream
    {
        private readonly long _allowed = (long)Math.Min(long.MaxValue / 2, Math.Max(compressed, 1) * maxRatio) + (1 << 16);
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            if (_read > _allowed)
                throw new InputLimitException($"part {name} expands more than {maxRatio:N0} times its stored size (a zip bomb)");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
