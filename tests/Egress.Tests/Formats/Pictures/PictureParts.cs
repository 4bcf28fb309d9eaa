using System.Text;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Pictures;

/// <summary>Unpacks bytes with every reader, as the engine does, and reads back the text of text parts.</summary>
public static class PictureParts
{
    public static List<Part> Of(byte[] bytes, string name, UnpackLimits? limits = null) =>
        ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, new UnpackContext(limits ?? new UnpackLimits(), CancellationToken.None)).ToList();

    public static string TextOf(Part part)
    {
        var text = Assert.IsType<TextPart>(part);
        using var stream = text.Source.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static string TextAt(List<Part> parts, string path) => TextOf(Assert.Single(parts, p => p.Path == path && p is TextPart));

    public static ImagePart Image(List<Part> parts, string path) => Assert.IsType<ImagePart>(Assert.Single(parts, p => p is ImagePart && p.Path == path));

    /// <summary>A part that means "not released": damage, something opaque, encrypted, or a picture that is not clean.</summary>
    public static bool Withheld(Part part) => part switch
    {
        Notice => true,
        OpaquePart => true,
        EncryptedPart => true,
        ImagePart i => !i.Clean,
        _ => false,
    };

    public static string Describe(List<Part> parts) => string.Join("\n", parts.Select(p => p switch
    {
        Notice n => $"{n.Path} notice {n.Kind}: {n.Message}",
        ImagePart i => $"{i.Path} image {i.Format} clean={i.Clean}",
        OpaquePart o => $"{o.Path} opaque: {o.Reason}",
        _ => $"{p.Path} {p.GetType().Name}",
    }));
}
