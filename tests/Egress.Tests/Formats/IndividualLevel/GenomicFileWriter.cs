using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.IndividualLevel;

/// <summary>
/// Small but valid genotype, imaging and sample files built byte by byte, as the tools lay them out:
/// VCF, BGZF, BCF, PLINK 1 and 2, Oxford, BGEN, DICOM, NIfTI, Analyze, MGH, HDF5, BAM, CRAM, SAM.
/// </summary>
public static class GenomicFileWriter
{
    private static readonly string[] Bases = ["A", "C", "G", "T"];

    public static string Vcf(IReadOnlyList<string> samples, int records, int seed = 1)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        text.Append("##fileformat=VCFv4.2\n##source=test\n##contig=<ID=22,length=51304566>\n");
        text.Append("##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">\n");
        if (samples.Count > 0) text.Append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        text.Append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
        if (samples.Count > 0) text.Append("\tFORMAT\t").Append(string.Join('\t', samples));
        text.Append('\n');
        var pos = 16_050_000;
        for (var r = 0; r < records; r++)
        {
            pos += rng.Next(50, 5000);
            var refBase = rng.Next(4);
            text.Append($"22\t{pos}\trs{rng.Next(1_000_000, 99_999_999)}\t{Bases[refBase]}\t{Bases[(refBase + 1) % 4]}\t.\tPASS\tAF={rng.NextDouble() * 0.5:F4}");
            if (samples.Count > 0)
            {
                text.Append("\tGT");
                foreach (var _ in samples) text.Append('\t').Append(rng.Next(2)).Append('|').Append(rng.Next(2));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A GWAS-VCF (MRC IEU convention): one "sample" column holding a study's summary statistics.</summary>
    public static string GwasVcf(int records)
    {
        var rng = new Random(5);
        var text = new StringBuilder("##fileformat=VCFv4.2\n");
        foreach (var key in new[] { "ES", "SE", "LP", "AF", "SS" })
            text.Append($"##FORMAT=<ID={key},Number=A,Type=Float,Description=\"{key}\">\n");
        text.Append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tieu-b-40\n");
        for (var r = 0; r < records; r++)
            text.Append($"1\t{100_000 + r * 731}\trs{2_000_000 + r}\tA\tG\t.\tPASS\t.\tES:SE:LP:AF:SS\t{rng.NextDouble() - 0.5:F4}:0.0123:{rng.NextDouble() * 3:F3}:{0.05 + rng.NextDouble() * 0.4:F3}:35000\n");
        return text.ToString();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return buffer.ToArray();
    }

    /// <summary>
    /// BGZF (blocked gzip, as bgzip and htslib write it): gzip members of at most 64 KB, each with the
    /// extra field "BC" holding the member's size − 1, and an empty member as the end-of-file marker.
    /// </summary>
    public static byte[] Bgzf(byte[] data, int blockBytes = 65_280)
    {
        using var output = new MemoryStream();
        for (var at = 0; at < data.Length; at += blockBytes)
            WriteBgzfBlock(output, data.AsSpan(at, Math.Min(blockBytes, data.Length - at)));
        WriteBgzfBlock(output, ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    private static void WriteBgzfBlock(Stream output, ReadOnlySpan<byte> data)
    {
        using var deflated = new MemoryStream();
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true)) deflate.Write(data);
        // An empty input still needs a final empty deflate block (03 00), as in BGZF's end-of-file marker.
        var body = deflated.Length > 0 ? deflated.ToArray() : [0x03, 0x00];
        var header = new byte[18];
        header[0] = 0x1F; header[1] = 0x8B; header[2] = 8; header[3] = 4; // FEXTRA
        header[9] = 0xFF;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), 6);
        header[12] = (byte)'B'; header[13] = (byte)'C';
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(16), (ushort)(header.Length + body.Length + 8 - 1));
        output.Write(header);
        output.Write(body);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>BCF 2.2: magic, header length, the VCF header text NUL-terminated, then (here, made-up) binary records.</summary>
    public static byte[] Bcf(IReadOnlyList<string> samples)
    {
        var header = Vcf(samples, 0);
        var text = Encoding.ASCII.GetBytes(header + "\0");
        using var output = new MemoryStream();
        output.Write("BCF\u0002\u0002"u8);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        output.Write(length);
        output.Write(text);
        output.Write(new byte[] { 24, 0, 0, 0, 8, 0, 0, 0, 21, 0, 0, 0, 0x10, 0xE9, 0xF4, 0, 1, 0, 0, 0 });
        return output.ToArray();
    }

    public static byte[] Bed(int samples, int variants, int seed = 2)
    {
        var rng = new Random(seed);
        var perVariant = (samples + 3) / 4;
        var bytes = new byte[3 + perVariant * variants];
        bytes[0] = 0x6C; bytes[1] = 0x1B; bytes[2] = 0x01;
        rng.NextBytes(bytes.AsSpan(3));
        return bytes;
    }

    public static string Bim(int variants, int seed = 3)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        var pos = 752_566;
        for (var v = 0; v < variants; v++)
        {
            pos += rng.Next(100, 20_000);
            var a = rng.Next(4);
            text.Append($"1\trs{rng.Next(1_000, 90_000_000)}\t0\t{pos}\t{Bases[a]}\t{Bases[(a + 2) % 4]}\n");
        }
        return text.ToString();
    }

    public static string Fam(IReadOnlyList<string> ids, int seed = 4)
    {
        var rng = new Random(seed);
        return string.Concat(ids.Select(id => $"{id} {id} 0 0 {1 + rng.Next(2)} -9\n"));
    }

    public static string Ped(IReadOnlyList<string> ids, int variants, int seed = 6)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            text.Append($"{id} {id} 0 0 {1 + rng.Next(2)} -9");
            for (var v = 0; v < variants; v++) text.Append(' ').Append(Bases[rng.Next(4)]).Append(' ').Append(Bases[rng.Next(4)]);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>PLINK 2 .pgen, fixed-width 2-bit mode (0x02): magic, mode, variant count, sample count, then the matrix.</summary>
    public static byte[] Pgen(int samples, int variants, byte mode = 0x02)
    {
        var perVariant = (samples + 3) / 4;
        var bytes = new byte[12 + perVariant * variants];
        bytes[0] = 0x6C; bytes[1] = 0x1B; bytes[2] = mode;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(3), (uint)variants);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(7), (uint)samples);
        new Random(7).NextBytes(bytes.AsSpan(12));
        return bytes;
    }

    public static string Psam(IReadOnlyList<string> ids) =>
        "#FID\tIID\tSEX\n" + string.Concat(ids.Select((id, i) => $"{id}\t{id}\t{1 + i % 2}\n"));

    public static string OxfordSample(IReadOnlyList<string> ids) =>
        "ID_1 ID_2 missing sex\n0 0 0 D\n" + string.Concat(ids.Select((id, i) => $"{id} {id} 0 {1 + i % 2}\n"));

    public static string PlinkRaw(IReadOnlyList<string> ids, int variants)
    {
        var rng = new Random(8);
        var text = new StringBuilder("FID IID PAT MAT SEX PHENOTYPE");
        for (var v = 0; v < variants; v++) text.Append($" rs{1000 + v}_A");
        text.Append('\n');
        foreach (var id in ids)
        {
            text.Append($"{id} {id} 0 0 {1 + rng.Next(2)} -9");
            for (var v = 0; v < variants; v++) text.Append(' ').Append(rng.Next(3));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>BGEN v1.2: offset, header block (L_H = 20, M, N, magic, flags: zlib, layout 2, sample IDs), sample block, then variant data.</summary>
    public static byte[] Bgen(IReadOnlyList<string> samples, int variants, bool zeroMagic = false, bool sampleIds = true)
    {
        using var sampleBlock = new MemoryStream();
        if (sampleIds)
        {
            var ids = samples.Select(Encoding.ASCII.GetBytes).ToList();
            var blockLength = 8 + ids.Sum(i => 2 + i.Length);
            WriteU32(sampleBlock, (uint)blockLength);
            WriteU32(sampleBlock, (uint)samples.Count);
            foreach (var id in ids)
            {
                WriteU16(sampleBlock, (ushort)id.Length);
                sampleBlock.Write(id);
            }
        }
        using var output = new MemoryStream();
        const uint headerLength = 20;
        WriteU32(output, headerLength + (uint)sampleBlock.Length);
        WriteU32(output, headerLength);
        WriteU32(output, (uint)variants);
        WriteU32(output, (uint)samples.Count);
        output.Write(zeroMagic ? new byte[4] : "bgen"u8.ToArray());
        WriteU32(output, 1u | (2u << 2) | (sampleIds ? 0x8000_0000u : 0));
        sampleBlock.Position = 0;
        sampleBlock.CopyTo(output);
        var body = new byte[variants * (40 + samples.Count)];
        new Random(9).NextBytes(body);
        output.Write(body);
        return output.ToArray();
    }

    private static void WriteU32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private static void WriteU16(Stream s, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        s.Write(b);
    }

    /// <summary>DICOM Part 10: 128-byte preamble, "DICM", a file meta group element and a patient ID element (explicit VR little endian).</summary>
    public static byte[] Dicom(string patientId = "1234567")
    {
        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        // (0002,0010) UI transfer syntax: explicit VR little endian.
        var syntax = Encoding.ASCII.GetBytes("1.2.840.10008.1.2.1\0");
        output.Write(new byte[] { 0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I' });
        WriteU16(output, (ushort)syntax.Length);
        output.Write(syntax);
        // (0010,0020) LO patient ID.
        var id = Encoding.ASCII.GetBytes(patientId.Length % 2 == 0 ? patientId : patientId + " ");
        output.Write(new byte[] { 0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O' });
        WriteU16(output, (ushort)id.Length);
        output.Write(id);
        output.Write(new byte[256]);
        return output.ToArray();
    }

    /// <summary>NIfTI-1 single file (magic n+1) or header of a pair (ni1); voxels after byte 352.</summary>
    public static byte[] Nifti1(short[] dims, bool bigEndian = false, string magic = "n+1", short intent = 0, bool analyze = false)
    {
        var voxels = dims.Aggregate(1, (a, d) => a * d);
        var bytes = new byte[352 + (magic == "ni1" ? 0 : voxels * 2)];
        void I32(int at, int v) { if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), v); else BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), v); }
        void I16(int at, short v) { if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(at), v); else BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(at), v); }
        I32(0, 348);
        bytes[38] = (byte)'r';
        I16(40, (short)dims.Length);
        for (var i = 0; i < dims.Length; i++) I16(42 + 2 * i, dims[i]);
        I16(68, intent);
        I16(70, 4); // datatype int16
        I16(72, 16); // bitpix
        if (!analyze) Encoding.ASCII.GetBytes(magic + "\0").CopyTo(bytes, 344);
        new Random(10).NextBytes(bytes.AsSpan(352));
        return bytes;
    }

    public static byte[] Nifti2(long[] dims)
    {
        var bytes = new byte[544 + 64];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 540);
        "n+2\0\r\n\u001a\n"u8.CopyTo(bytes.AsSpan(4));
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(12), 4);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(14), 16);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), dims.Length);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24 + 8 * i), dims[i]);
        return bytes;
    }

    /// <summary>FreeSurfer MGH: big-endian header (version 1, dims, frames, type float, dof, RAS flag), 284 bytes, then voxels.</summary>
    public static byte[] Mgh(int width, int height, int depth)
    {
        var bytes = new byte[284 + width * height * depth * 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 1);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), depth);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 1);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 3);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(28), 1);
        new Random(11).NextBytes(bytes.AsSpan(284));
        return bytes;
    }

    public static byte[] Hdf5(int userBlock = 0)
    {
        var bytes = new byte[userBlock + 2048];
        if (userBlock > 0) Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: GLNXA64").CopyTo(bytes, 0);
        new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }.CopyTo(bytes, userBlock);
        return bytes;
    }

    public static byte[] Bam()
    {
        var header = Encoding.ASCII.GetBytes("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:248956422\n@RG\tID:rg1\tSM:1234567\n");
        using var output = new MemoryStream();
        output.Write("BAM\u0001"u8);
        WriteU32(output, (uint)header.Length);
        output.Write(header);
        output.Write(new byte[64]);
        return Bgzf(output.ToArray());
    }

    public static byte[] Cram()
    {
        var bytes = new byte[26 + 64];
        "CRAM"u8.CopyTo(bytes);
        bytes[4] = 3; bytes[5] = 1;
        return bytes;
    }

    public static string Sam() =>
        "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:248956422\nread1\t0\tchr1\t10001\t60\t10M\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII\n";
}
