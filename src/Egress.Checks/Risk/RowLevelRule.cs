using Egress.Core;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Risk;

/// <summary>
/// The engine's hook for the row-level rule: each text or table part is watched as the scanner reads
/// it (<see cref="RowLevelCollector"/>); a part judged row-level by its quasi-identifiers gets the
/// `row-level-data` finding with its uniques and risk measures (<see cref="RowLevelRisk"/>).
/// </summary>
public sealed class RowLevelRule(CohortIndex index, string project, RowLevelPolicy policy)
{
    public Stream Watch(Stream inner, TextLayout? layout, out RowLevelCollector collector)
    {
        collector = new RowLevelCollector(policy.MinRows, policy.MaxRows, layout);
        return new CollectedStream(inner, collector);
    }

    /// <summary>The finding for a watched part, or null when it is not row-level data.</summary>
    public Finding? For(RowLevelCollector collector, PartLocation where, CancellationToken cancel)
    {
        collector.Complete();
        if (!collector.IsRowLevel) return null;
        var qis = collector.Classification!.QuasiIdentifiers;
        var projected = qis.Select((q, i) => q with { Column = i }).ToList();
        return RowLevelRisk.Assess(projected.Select(q => q.Name).ToList(), collector.Collected, index, project, policy, where.Whole, projected,
            collector.TotalRows, cancel)[0];
    }

    /// <summary>Passes reads through and shows every byte to the collector; reads come in order, under the scanner's lock.</summary>
    private sealed class CollectedStream(Stream inner, RowLevelCollector collector) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (n > 0) collector.Feed(buffer[..n]);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
