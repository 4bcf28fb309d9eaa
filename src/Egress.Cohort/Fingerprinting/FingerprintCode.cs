using System.Buffers.Binary;
using System.Text;
using Egress.Index;

namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// A Tardos fingerprinting code derived from a secret key (docs/forensics.md, "Dataset fingerprinting").
/// A code position is one cell: a participant's master identity and a column. Each position gets a bias
/// p drawn from the arcsine density 1/(π√(p(1−p))) on [t, 1−t] (Tardos' cutoff t), and each project the
/// bit x ~ Bernoulli(p). Everything is a keyed SipHash of the position, so the same key always gives the
/// same code and nothing needs storing; without the key the biases and bits are unpredictable.
/// </summary>
public sealed class FingerprintCode
{
    /// <summary>Default cutoff t = 1/300 (Tardos' 1/(300c) with c = 1), so no per-position score exceeds √299 ≈ 17.3.</summary>
    public const double DefaultCutoff = 1.0 / 300;

    private const byte PositionTag = 1, BiasTag = 2, BitTag = 3, DigitTag = 4, NameTag = 5;

    private readonly SipHash _prf;
    private readonly double _low, _span;

    public FingerprintCode(IndexKey key, double cutoff = DefaultCutoff)
    {
        if (!(cutoff > 0 && cutoff < 0.5)) throw new ArgumentOutOfRangeException(nameof(cutoff), "the cutoff t must lie in (0, 0.5)");
        _prf = key.Hasher;
        Cutoff = cutoff;
        _low = Math.Asin(Math.Sqrt(cutoff));
        _span = Math.PI / 2 - 2 * _low;
    }

    /// <summary>Tardos' cutoff t: every bias lies in [t, 1−t].</summary>
    public double Cutoff { get; }

    /// <summary>The largest absolute value one position can add to a score: √((1−t)/t).</summary>
    public double MaxTerm => Math.Sqrt((1 - Cutoff) / Cutoff);

    /// <summary>A name's (column's or project's) 64-bit tag, computed once per name.</summary>
    public ulong NameId(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[bytes.Length + 1];
        input[0] = NameTag;
        bytes.CopyTo(input, 1);
        return _prf.Hash(input);
    }

    /// <summary>The code position of a cell: the participant's master eid and the column's tag.</summary>
    public ulong Position(long masterEid, ulong columnId)
    {
        Span<byte> input = stackalloc byte[17];
        input[0] = PositionTag;
        BinaryPrimitives.WriteInt64LittleEndian(input[1..], masterEid);
        BinaryPrimitives.WriteUInt64LittleEndian(input[9..], columnId);
        return _prf.Hash(input);
    }

    /// <summary>The position's bias p in [t, 1−t]: sin²(r) with r uniform on [asin√t, π/2 − asin√t].</summary>
    public double Bias(ulong position)
    {
        var s = Math.Sin(_low + _span * Uniform(Derive(BiasTag, position, 0)));
        return s * s;
    }

    /// <summary>The project's bit at the position: 1 with probability <paramref name="bias"/>.</summary>
    public bool Bit(ulong projectId, ulong position, double bias) => Uniform(Derive(BitTag, position, projectId)) < bias;

    /// <summary>
    /// The two digits that carry the position's bit: one from 0–4 (bit 0) and one from 5–9 (bit 1). They
    /// depend on the position only, so projects with the same bit get the same digit and colluders
    /// comparing their copies see differences only where their bits differ.
    /// </summary>
    public (int Zero, int One) Digits(ulong position)
    {
        var h = Derive(DigitTag, position, 0);
        return ((int)(h % 5), 5 + (int)(h / 5 % 5));
    }

    private ulong Derive(byte tag, ulong position, ulong other)
    {
        Span<byte> input = stackalloc byte[17];
        input[0] = tag;
        BinaryPrimitives.WriteUInt64LittleEndian(input[1..], position);
        BinaryPrimitives.WriteUInt64LittleEndian(input[9..], other);
        return _prf.Hash(input);
    }

    /// <summary>53 bits of the hash as a double strictly inside (0, 1).</summary>
    private static double Uniform(ulong h) => ((h >> 11) + 0.5) * (1.0 / (1UL << 53));
}
