using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// The readers of formats that are individual-level by nature (genotypes, sequence reads, medical
/// images, per-person sample tables). They come right after the compression layers: a
/// .fam or .psam is text and a text reader further down the list would otherwise take it.
/// </summary>
public static class IndividualLevelReaders
{
    public static IReadOnlyList<IContentReader> All() =>
    [
        // Magic bytes first.
        new VcfReader(),
        new BcfReader(),
        new PlinkBinaryReader(),
        new BgenReader(),
        new DicomReader(),
        new NiftiReader(),
        new AlignmentReader(),
        // Text recognised by its header or rows, then binary recognised by structure alone.
        new SampleTableReader(),
        new PedigreeReader(),
        new MghReader(),
    ];
}
