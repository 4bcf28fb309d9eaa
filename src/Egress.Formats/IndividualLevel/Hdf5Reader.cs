using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// HDF5 containers (.h5, .h5ad, MATLAB 7.3 .mat, …), by the signature 89 'HDF' CR LF 1A LF at byte 0 or
/// after a user block of 512, 1024, 2048… bytes. Their datasets are not read here: not inspectable.
/// </summary>
public sealed class Hdf5Reader : IContentReader
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public string Format => "hdf5";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.StartsWith(Signature)) return true;
        for (var at = 512; at + Signature.Length <= head.Length; at *= 2)
            if (head[at..].StartsWith(Signature)) return true;
        return false;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new OpaquePart(path, ContentSize.Of(source, context),
            "an HDF5 container (e.g. .h5, .h5ad, MATLAB 7.3 .mat): its datasets cannot be inspected");
    }
}
