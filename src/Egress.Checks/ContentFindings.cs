using Egress.Core;
using Egress.Formats.Content;
using Egress.Formats.Encodings;

namespace Egress.Checks;

/// <summary>
/// Findings for the parts of an export that are judged by what they are, not by their tokens:
/// content that could not be inspected, encrypted content, individual-level formats, pictures, and
/// what the readers noticed on the way (names escaping their folder, damage, limits).
/// </summary>
public sealed class ContentFindings(Policy policy)
{
    public const string EncryptedRule = "encrypted-content";
    public const string IndividualLevelRule = "individual-level-format";
    public const string ImageRule = "image-content";
    public const string PathTraversalRule = "archive-path-traversal";
    public const string CorruptRule = "corrupt-content";
    public const string UnpackLimitRule = "unpack-limit";
    public const string UnsupportedRule = "unsupported-content";
    public const string EncodedFragmentsRule = "encoded-fragments";
    public const string FontRule = "font-content";

    /// <summary>The finding for a part, or null when the part needs none (a clean plot the policy releases).</summary>
    public Finding? For(Part part) => part switch
    {
        OpaquePart o => OpaqueContentRule.Binary(o.Bytes, policy.OpaqueContent, o.Reason) with { Location = o.Path },
        EncryptedPart e => new Finding
        {
            Rule = EncryptedRule,
            Severity = Severity.Block,
            Location = e.Path,
            Message = $"Encrypted or password-protected {e.Format} ({e.Bytes:N0} bytes): its content cannot be inspected.",
            Evidence = new Dictionary<string, object> { ["bytes"] = e.Bytes, ["format"] = e.Format },
            Guidance = "Export the contents unencrypted; the environment's exit is the protected channel.",
        },
        IndividualLevelPart i => new Finding
        {
            Rule = IndividualLevelRule,
            Severity = policy.IndividualLevel.Severity,
            Location = i.Path,
            Message = $"{i.Format}: {i.Reason}. Individual-level data of this kind never leaves the environment.",
            Evidence = new Dictionary<string, object> { ["bytes"] = i.Bytes, ["format"] = i.Format },
            Guidance = "Export summary results instead (e.g. GWAS summary statistics, aggregate image-derived measures with counts ≥ the minimum cell size).",
        },
        ImagePart { Clean: true } img when policy.Images.ReleaseCleanPlots && img.Bytes <= policy.Images.MaxCleanPlotBytes => null,
        ImagePart img => new Finding
        {
            Rule = ImageRule,
            // What a picture hides (text chunks, trailing bytes, payload segments) is read as parts of its
            // own and judged there; the picture itself is for a person to look at either way.
            Severity = policy.Images.Severity,
            Location = img.Path,
            Message = img.Clean
                ? $"A {img.Format} picture ({img.Bytes:N0} bytes): its pixels hold no numbers the checker can read, so a person looks at it."
                : $"A {img.Format} picture ({img.Bytes:N0} bytes) that is more than a clean plot (damaged, unusual structure or more than a picture in it); what it carries besides pixels is reported separately.",
            Evidence = new Dictionary<string, object> { ["bytes"] = img.Bytes, ["format"] = img.Format, ["clean"] = img.Clean },
            Guidance = "Make sure the figure shows only aggregate results (no individual points of fewer than the minimum cell size); export the numbers behind it as a table as well.",
        },
        FontPart { KnownAs: not null } => null,
        FontPart font => new Finding
        {
            Rule = FontRule,
            Severity = policy.Images.Severity,
            Location = font.Path,
            Message = $"An embedded {font.Format} font ({font.Bytes:N0} bytes) that is not one of the known public fonts: its glyphs cannot be checked, so a person looks at it.",
            Evidence = new Dictionary<string, object> { ["bytes"] = font.Bytes, ["format"] = font.Format },
            Guidance = "Export the report with the generator's standard theme, or as PDF or plain HTML without embedded fonts.",
        },
        Notice n => FromNotice(n),
        _ => null,
    };

    /// <summary>
    /// Short encoded runs that decode to random-looking bytes: one by one a hash or a key, many together
    /// as much unexplained data as a payload cut into pieces. Past the policy's amount a checker looks.
    /// </summary>
    public Finding? ForFragments(string path, CollectedRuns runs) => runs.FragmentBytes <= policy.OpaqueContent.MaxFragmentBytes ? null : new Finding
    {
        Rule = EncodedFragmentsRule,
        Severity = Severity.Review,
        Location = path,
        Message = $"{runs.Fragments:N0} short base64 or hex runs decode to random-looking bytes ({runs.FragmentBytes:N0} bytes in all): hashes, keys or tokens, or data cut into pieces; they cannot be inspected.",
        Evidence = new Dictionary<string, object> { ["runs"] = runs.Fragments, ["bytes"] = runs.FragmentBytes },
        Guidance = "Remove checksums, keys and tokens that the output does not need.",
    };

    private Finding FromNotice(Notice n) => n.Kind switch
    {
        NoticeKind.PathTraversal => new Finding
        {
            Rule = PathTraversalRule,
            Severity = Severity.Review,
            Location = n.Path,
            Message = $"An archive entry name escapes its folder: {n.Message}. Egress never writes it to disk; the content was checked.",
            Guidance = "Rebuild the archive from a folder with plain relative names.",
        },
        NoticeKind.LimitReached => new Finding
        {
            Rule = UnpackLimitRule,
            Severity = policy.Limits.Severity,
            Location = n.Path,
            Message = $"Unpacking stopped at a limit: {n.Message}. What lies beyond was not inspected.",
            Guidance = "Export fewer, smaller, unnested files.",
        },
        NoticeKind.Unsupported => new Finding
        {
            Rule = UnsupportedRule,
            Severity = policy.OpaqueContent.Severity,
            Location = n.Path,
            Message = $"{n.Message}; it could not be inspected.",
            Guidance = "Export it in a plain format (CSV, XLSX, PDF with text, PNG).",
        },
        _ => new Finding
        {
            Rule = CorruptRule,
            Severity = policy.OpaqueContent.Severity,
            Location = n.Path,
            Message = $"Damaged content: {n.Message}.",
            Guidance = "Check that the file is complete and not damaged, then submit it again.",
        },
    };
}
