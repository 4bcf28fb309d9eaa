namespace Egress.Cohort.Outputs;

/// <summary>One output as an output class drafts it, before the generator gives it a unique file name.</summary>
/// <param name="BaseName">A descriptive file name without extension, e.g. <c>counts_sex_by_smoking</c>.</param>
/// <param name="Extension">With the dot, e.g. <c>.csv</c>.</param>
/// <param name="SmallestCount">The smallest participant count printed in the file (cell count, group N, number at risk), when the output prints counts.</param>
public sealed record OutputDraft(string BaseName, string Extension, string Content, string Description, int? SmallestCount = null);

/// <summary>One output written to disk.</summary>
/// <param name="FileName">Relative to the output folder, as listed in index.tsv.</param>
public sealed record GeneratedOutput(string FileName, string FullPath, OutputKind Kind, string Description, int? SmallestCount);
