using System.Buffers.Binary;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>Writes .npy files as numpy does (version 1.0 header padded to 64 bytes, or 2.0).</summary>
public static class NpyWriter
{
    public static byte[] Float64(double[][] rows, bool fortran = false, bool bigEndian = false, int version = 1)
    {
        var r = rows.Length;
        var c = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new byte[r * c * 8];
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
            {
                var at = (fortran ? j * r + i : i * c + j) * 8;
                if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(at), rows[i][j]);
                else BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(at), rows[i][j]);
            }
        return Array((bigEndian ? ">" : "<") + "f8", fortran, $"({r}, {c})", data, version);
    }

    public static byte[] Float32(float[] values) =>
        Array("<f4", false, $"({values.Length},)", values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());

    public static byte[] Int32(int[] values) =>
        Array("<i4", false, $"({values.Length},)", values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());

    public static byte[] Array(string descr, bool fortran, string shape, byte[] data, int version = 1)
    {
        var dict = $"{{'descr': {(descr.StartsWith('[') ? descr : "'" + descr + "'")}, 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        var prefix = version == 1 ? 10 : 12;
        var total = prefix + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        using var s = new MemoryStream();
        s.Write([0x93, .. "NUMPY"u8, (byte)version, 0]);
        if (version == 1) s.Write(BitConverter.GetBytes((ushort)header.Length));
        else s.Write(BitConverter.GetBytes((uint)header.Length));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(data);
        return s.ToArray();
    }
}
