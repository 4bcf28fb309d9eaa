using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Egress.Airlock.Storage;

namespace Egress.Airlock.Audit;

/// <summary>
/// The append-only audit chain. Each event's hash is SHA-256(previous hash || canonical bytes of the event);
/// the first previous hash is 64 zeros. Appends happen inside the transaction of the change they record and
/// lock the chain's head row, so the chain is one line even with many writers.
/// </summary>
public sealed class AuditLog(SqlDialect dialect, TimeProvider clock)
{
    private static readonly JsonSerializerOptions DetailsOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<long> AppendAsync(DbConnection connection, DbTransaction tx, string actor, string action, string subject, object? details = null)
    {
        var head = await connection.QuerySingleAsync<HeadRow>("SELECT seq, hash FROM audit_head WHERE id = 1" + dialect.ForUpdate, transaction: tx);
        var seq = head.Seq + 1;
        var at = Ms.Of(clock.GetUtcNow());
        var json = details is null ? "{}" : JsonSerializer.Serialize(details, DetailsOptions);
        var hash = HashOf(head.Hash, seq, at, actor, action, subject, json);
        await connection.ExecuteAsync(
            "INSERT INTO audit_events (seq, at, actor, action, subject, details_json, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, @json, @prev, @hash)",
            new { seq, at, actor, action, subject, json, prev = head.Hash, hash }, tx);
        await connection.ExecuteAsync("UPDATE audit_head SET seq = @seq, hash = @hash WHERE id = 1", new { seq, hash }, tx);
        return seq;
    }

    /// <summary>SHA-256 of the previous hash (as its 64 hex characters) followed by the event as a compact JSON array.</summary>
    public static string HashOf(string prevHash, long seq, long at, string actor, string action, string subject, string detailsJson)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(Encoding.ASCII.GetBytes(prevHash));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteNumberValue(seq);
            w.WriteNumberValue(at);
            w.WriteStringValue(actor);
            w.WriteStringValue(action);
            w.WriteStringValue(subject);
            w.WriteStringValue(detailsJson);
            w.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Walks the whole chain in order and names the first broken link.</summary>
    public static async Task<AuditVerification> VerifyAsync(AirlockDatabase db, CancellationToken ct = default)
    {
        return await db.ReadAsync(async connection =>
        {
            var expectedPrev = Schema.GenesisHash;
            long expectedSeq = 1;
            long count = 0;
            using var reader = await connection.ExecuteReaderAsync(
                "SELECT seq, at, actor, action, subject, details_json, prev_hash, hash FROM audit_events ORDER BY seq");
            while (await reader.ReadAsync(ct))
            {
                var seq = reader.GetInt64(0);
                if (seq != expectedSeq)
                    return Broken(expectedSeq, count, $"event {expectedSeq} is missing (next is {seq})");
                var prev = reader.GetString(6);
                var hash = reader.GetString(7);
                if (prev != expectedPrev) return Broken(seq, count, $"event {seq} does not point at the hash of event {seq - 1}");
                var actual = HashOf(prev, seq, reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
                if (actual != hash) return Broken(seq, count, $"event {seq} was changed after it was written (its hash does not match)");
                expectedPrev = hash;
                expectedSeq++;
                count++;
            }
            reader.Close();
            // Events cut from the end leave the head pointing past the last one.
            var head = await connection.QuerySingleAsync<HeadRow>("SELECT seq, hash FROM audit_head WHERE id = 1");
            if (head.Seq != count || head.Hash != expectedPrev)
                return Broken(count + 1, count, $"the chain ends at event {count} but its head records event {head.Seq}: events were removed");
            return new AuditVerification(true, count, null, $"ok {count} events");
        }, ct);
    }

    private static AuditVerification Broken(long seq, long count, string why) =>
        new(false, count, seq, $"broken at seq {seq}: {why}");

    private sealed class HeadRow
    {
        public long Seq { get; set; }
        public string Hash { get; set; } = "";
    }
}
