using System.Text.Json;
using System.Text.Json.Serialization;

namespace Egress.Core;

/// <summary>
/// Every threshold Egress applies, with documented defaults (docs/policy.md). Loaded from a JSON file;
/// unknown keys are an error so a typo never silently falls back to a default.
/// </summary>
public sealed class Policy
{
    public LimitsPolicy Limits { get; set; } = new();
    public ParticipantIdPolicy ParticipantIds { get; set; } = new();
    public ParticipantRecordPolicy ParticipantRecords { get; set; } = new();
    public OpaqueContentPolicy OpaqueContent { get; set; } = new();
    public ImagePolicy Images { get; set; } = new();
    public IndividualLevelPolicy IndividualLevel { get; set; } = new();
    public GwasPolicy Gwas { get; set; } = new();
    public RowLevelPolicy RowLevel { get; set; } = new();
    public SdcPolicy Sdc { get; set; } = new();
    public AirlockPolicy Airlock { get; set; } = new();

    public static Policy Default => new();

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Reads a policy file; missing keys keep their defaults.</summary>
    public static Policy Load(string path)
    {
        Policy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<Policy>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyException(PolicyFileErrors.Describe(path, e));
        }
        if (policy is null) throw new PolicyException($"policy file {path} is empty");
        policy.Validate();
        return policy;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Validate()
    {
        Require(Limits.MaxFileBytes > 0, "limits.maxFileBytes must be positive");
        Require(Limits.MaxExpandedBytes > 0, "limits.maxExpandedBytes must be positive");
        Require(Limits.TimeBudgetSeconds > 0, "limits.timeBudgetSeconds must be positive");
        Require(Limits.MaxDepth >= 1, "limits.maxDepth must be at least 1");
        Require(Limits.MaxArchiveEntries >= 1, "limits.maxArchiveEntries must be at least 1");
        Require(Limits.MaxExpansionRatio >= 1, "limits.maxExpansionRatio must be at least 1");
        Require(Limits.MaxInMemoryBytes > 0, "limits.maxInMemoryBytes must be positive");
        Require(Limits.MaxNesting >= 1, "limits.maxNesting must be at least 1");
        Require(Images.MaxCleanPlotBytes >= 0, "images.maxCleanPlotBytes must not be negative");
        Require(OpaqueContent.MaxFragmentBytes >= 0, "opaqueContent.maxFragmentBytes must not be negative");
        Require(ParticipantIds.FalseAlarmRate is > 0 and < 1, "participantIds.falseAlarmRate must be in (0,1)");
        Require(ParticipantIds.MinHits >= 1, "participantIds.minHits must be at least 1");
        Require(ParticipantRecords.FalseMatchRate is > 0 and < 1, "participantRecords.falseMatchRate must be in (0,1)");
        Require(ParticipantRecords.MarginBits >= 0, "participantRecords.marginBits must not be negative");
        Require(ParticipantRecords.TransposedMaxRows >= 0, "participantRecords.transposedMaxRows must not be negative");
        Require(Gwas.MinMinorAlleleCount >= 0, "gwas.minMinorAlleleCount must not be negative");
        Require(RowLevel.MinRows >= 2, "rowLevel.minRows must be at least 2");
        Require(RowLevel.MaxRows >= RowLevel.MinRows, "rowLevel.maxRows must be at least rowLevel.minRows");
        Sdc.Validate(Require);
        Airlock.Validate(Require);
        // Fail closed: what could not be inspected may be reviewed, never released.
        Require(Limits.Severity != Severity.Info, "limits.severity must be review or block");
        Require(OpaqueContent.Severity != Severity.Info, "opaqueContent.severity must be review or block");
        Require(IndividualLevel.Severity != Severity.Info, "individualLevel.severity must be review or block");
        Require(RowLevel.Severity != Severity.Info, "rowLevel.severity must be review or block");
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition) throw new PolicyException(message);
    }
}

public sealed class PolicyException(string message) : Exception(message);

public sealed class LimitsPolicy
{
    /// <summary>Files larger than this are blocked before they are read.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
    /// <summary>Decompressed bytes read from one file at most; past it the file is blocked.</summary>
    public long MaxExpandedBytes { get; set; } = 1024L * 1024 * 1024;
    /// <summary>Wall time one check may take; past it the file is blocked as not fully inspected.</summary>
    public double TimeBudgetSeconds { get; set; } = 120;
    /// <summary>Archives and encodings inside each other, at most this many layers deep.</summary>
    public int MaxDepth { get; set; } = 8;
    /// <summary>Archive entries in one file, over all its archives.</summary>
    public int MaxArchiveEntries { get; set; } = 4096;
    /// <summary>An archive entry expanding more than this many times its stored size is treated as a bomb.</summary>
    public double MaxExpansionRatio { get; set; } = 1000;
    /// <summary>The most memory one part may take when its format needs it whole (a zip inside a gzip, a PDF).</summary>
    public long MaxInMemoryBytes { get; set; } = 256L * 1024 * 1024;
    /// <summary>Nesting of JSON, XML and similar structures.</summary>
    public int MaxNesting { get; set; } = 256;
    public Severity Severity { get; set; } = Severity.Block;
}

public sealed class ParticipantIdPolicy
{
    /// <summary>Tolerated chance of calling a run of ordinary numbers an ID list, per file.</summary>
    public double FalseAlarmRate { get; set; } = 1e-6;
    /// <summary>Fewest valid IDs in a run before it can be called an ID list.</summary>
    public int MinHits { get; set; } = 5;
    public Severity Severity { get; set; } = Severity.Block;
}

public sealed class ParticipantRecordPolicy
{
    /// <summary>α: tolerated expected number of false record matches per file.</summary>
    public double FalseMatchRate { get; set; } = 1e-3;
    /// <summary>Bits added to log2(R·N/α) before a window counts as a participant's record.</summary>
    public double MarginBits { get; set; } = 0;
    /// <summary>Tables with at most this many rows are also read column by column (transposed records).</summary>
    public int TransposedMaxRows { get; set; } = 200;
    public Severity Severity { get; set; } = Severity.Block;
}

public sealed class OpaqueContentPolicy
{
    /// <summary>Content that cannot be inspected (binary, unknown encoding) is never released.</summary>
    public Severity Severity { get; set; } = Severity.Block;
    /// <summary>
    /// Short encoded runs of random-looking bytes in one part (hashes, keys, tokens) are not payloads one
    /// by one; past this many decoded bytes in all, a checker looks.
    /// </summary>
    public long MaxFragmentBytes { get; set; } = 8192;
}

public sealed class ImagePolicy
{
    /// <summary>Pictures hold no numbers that can be checked: by default a checker looks at them.</summary>
    public Severity Severity { get; set; } = Severity.Review;
    /// <summary>When true, a clean plot (valid structure, nothing hidden, under the size cap) is released.</summary>
    public bool ReleaseCleanPlots { get; set; }
    /// <summary>The largest image that counts as a clean plot.</summary>
    public long MaxCleanPlotBytes { get; set; } = 5L * 1024 * 1024;
}

public sealed class IndividualLevelPolicy
{
    /// <summary>Genotype and imaging formats and per-participant files never leave.</summary>
    public Severity Severity { get; set; } = Severity.Block;
}

public sealed class GwasPolicy
{
    /// <summary>
    /// Variants of a GWAS summary-statistics table whose minor allele is counted fewer times than this
    /// (MAC = 2·N·min(AF, 1−AF) when no count column is given) describe a handful of people.
    /// </summary>
    public int MinMinorAlleleCount { get; set; } = 10;
    public Severity Severity { get; set; } = Severity.Review;
}

public sealed class RowLevelPolicy
{
    /// <summary>Row-level data (one row per person) never leaves, with or without IDs, whatever its variables.</summary>
    public Severity Severity { get; set; } = Severity.Block;
    /// <summary>Tables with fewer data rows are not judged row-level from their quasi-identifiers alone.</summary>
    public int MinRows { get; set; } = 10;
    /// <summary>
    /// Records measured at most per table; past it the first this many are measured and the report says so (the
    /// rest are only counted), so a large extract costs the check a bounded extra.
    /// </summary>
    public int MaxRows { get; set; } = 5_000;
}

/// <summary>
/// Statistical disclosure control of aggregate outputs (tables of counts, magnitudes, summary
/// statistics, models, survival). Defaults follow ACRO (acro/default.yaml: safe_threshold 10,
/// safe_dof_threshold 10, safe_nk_n 2, safe_nk_k 0.9, safe_pratio_p 0.1, survival_safe_threshold 10,
/// zeros_are_disclosive) and the output-checking handbooks. Every rule sends a table to review by
/// default: a person decides.
/// </summary>
public sealed class SdcPolicy
{
    public bool Enabled { get; set; } = true;
    /// <summary>Tables with more rows than this are not aggregate outputs: they are left to the record and ID detectors.</summary>
    public int MaxAggregateRows { get; set; } = 20_000;
    /// <summary>Parts larger than this (bytes) are not read again as tables.</summary>
    public long MaxAggregateBytes { get; set; } = 8L * 1024 * 1024;
    /// <summary>
    /// The base the TRE's own process rounds every exported count to, or null. Rounding is never guessed from the
    /// counts (a zero and a real 5 are multiples of 5 too): only this, or a note in the file, declares it.
    /// </summary>
    public int? RoundedTo { get; set; }
    /// <summary>Bases a note in a file may declare ("counts rounded to the nearest 5"); a note naming another number is not taken.</summary>
    public int[] RoundingBases { get; set; } = [5, 7, 10];
    public MinimumCellCountPolicy MinimumCellCount { get; set; } = new();
    public SdcRulePolicy Zeros { get; set; } = new();
    public SdcRulePolicy ClassDisclosure { get; set; } = new();
    public DominancePolicy Dominance { get; set; } = new();
    public PPercentPolicy PPercent { get; set; } = new();
    public ResidualDfPolicy ResidualDegreesOfFreedom { get; set; } = new();
    public ExtremeValuesPolicy ExtremeValues { get; set; } = new();
    /// <summary>Means, sums, SDs and percentiles of a group smaller than the minimum cell count.</summary>
    public SdcRulePolicy SmallGroupStatistics { get; set; } = new();
    public SurvivalPolicy SurvivalRiskSet { get; set; } = new();
    /// <summary>A mode of a group whose values are all the same (ACRO's all-values-are-same).</summary>
    public SdcRulePolicy AllValuesSameMode { get; set; } = new();
    /// <summary>Counts hand-suppressed in a table that its totals and other cells give back exactly.</summary>
    public SdcRulePolicy SuppressionAudit { get; set; } = new();
    /// <summary>Tables of one file (or one request) with the same rows and columns whose counts differ by fewer people than the minimum cell count.</summary>
    public SdcRulePolicy Differencing { get; set; } = new();
    /// <summary>How a rule that cannot be assessed on a table says so (dominance without contributors, a model without its degrees of freedom).</summary>
    public Severity NotAssessedSeverity { get; set; } = Severity.Info;
    /// <summary>
    /// Use the TRE's evidence submitted beside a file (a contributions sidecar, ACRO's checksum-verified results) for
    /// dominance, p% and contributor counts. The evidence comes from the researcher's own session: a site that does not
    /// trust it switches this off, and magnitude tables are then judged from the table alone (or not assessed).
    /// </summary>
    public bool AcceptTreEvidence { get; set; } = true;

    internal void Validate(Action<bool, string> require)
    {
        require(MaxAggregateRows >= 1, "sdc.maxAggregateRows must be at least 1");
        require(MaxAggregateBytes >= 1, "sdc.maxAggregateBytes must be at least 1");
        require(RoundingBases.All(b => b >= 2), "sdc.roundingBases must be at least 2");
        require(RoundedTo is null or >= 2, "sdc.roundedTo must be at least 2");
        require(MinimumCellCount.Threshold >= 1, "sdc.minimumCellCount.threshold must be at least 1");
        require(Dominance.N >= 1, "sdc.dominance.n must be at least 1");
        require(Dominance.K is > 0 and <= 1, "sdc.dominance.k must be in (0,1]");
        require(PPercent.P is >= 0 and < 1, "sdc.pPercent.p must be in [0,1)");
        require(ResidualDegreesOfFreedom.Minimum >= 0, "sdc.residualDegreesOfFreedom.minimum must not be negative");
        require(SurvivalRiskSet.Threshold >= 1, "sdc.survivalRiskSet.threshold must be at least 1");
    }
}

/// <summary>A rule that can be switched off and whose findings carry a severity.</summary>
public class SdcRulePolicy
{
    public bool Enabled { get; set; } = true;
    public Severity Severity { get; set; } = Severity.Review;
}

public sealed class MinimumCellCountPolicy : SdcRulePolicy
{
    /// <summary>Counts from 1 to threshold − 1 fail (ACRO safe_threshold); a count of exactly the threshold passes; zeros are their own rule.</summary>
    public int Threshold { get; set; } = 10;
}

public sealed class DominancePolicy : SdcRulePolicy
{
    /// <summary>The largest n contributors …</summary>
    public int N { get; set; } = 2;
    /// <summary>… may make up at most this share of a cell's total (strictly more fails).</summary>
    public double K { get; set; } = 0.9;
}

public sealed class PPercentPolicy : SdcRulePolicy
{
    /// <summary>The rest of a cell's total beyond its two largest contributions must be at least p of the largest (ACRO p-ratio).</summary>
    public double P { get; set; } = 0.1;
}

public sealed class ResidualDfPolicy : SdcRulePolicy
{
    /// <summary>Models with fewer residual degrees of freedom fail (ACRO safe_dof_threshold).</summary>
    public int Minimum { get; set; } = 10;
}

public sealed class ExtremeValuesPolicy : SdcRulePolicy
{
    /// <summary>When true, any minimum, maximum or range is reviewed (each is one person's value); when false, only those of groups below the minimum cell count.</summary>
    public bool Always { get; set; } = true;
}

public sealed class SurvivalPolicy : SdcRulePolicy
{
    /// <summary>Fewer than this many people leaving the risk set between two rows of a survival table fails (ACRO survival_safe_threshold).</summary>
    public int Threshold { get; set; } = 10;
}

/// <summary>
/// The airlock service (egress serve): daily volumes per project and per researcher (checked before a byte
/// is stored; the per-file cap is limits.maxFileBytes), cumulative exposure, approvals and differencing.
/// </summary>
public sealed class AirlockPolicy
{
    public AirlockQuotaPolicy ProjectDaily { get; set; } = new() { Bytes = 2L * 1024 * 1024 * 1024, Files = 2_000 };
    public AirlockQuotaPolicy ResearcherDaily { get; set; } = new() { Bytes = 1024L * 1024 * 1024, Files = 1_000 };
    /// <summary>Files in one request at most.</summary>
    public int MaxFilesPerRequest { get; set; } = 50;
    /// <summary>Days an API token works after it is made (a leaked token does not work for ever).</summary>
    public int ApiTokenDays { get; set; } = 90;
    public ExposurePolicy Exposure { get; set; } = new();
    public ApprovalsPolicy Approvals { get; set; } = new();
    public DifferencingPolicy Differencing { get; set; } = new();
    public MonitoringPolicy Monitoring { get; set; } = new();

    internal void Validate(Action<bool, string> require)
    {
        Monitoring.Validate(require);
        require(ProjectDaily.Bytes > 0 && ProjectDaily.Files > 0, "airlock.projectDaily.bytes and .files must be positive");
        require(ResearcherDaily.Bytes > 0 && ResearcherDaily.Files > 0, "airlock.researcherDaily.bytes and .files must be positive");
        require(MaxFilesPerRequest >= 1, "airlock.maxFilesPerRequest must be at least 1");
        require(ApiTokenDays is >= 1 and <= 3650, "airlock.apiTokenDays must be between 1 and 3650");
        require(Exposure.ReviewParticipants >= 1, "airlock.exposure.reviewParticipants must be at least 1");
        require(Exposure.BlockParticipants >= Exposure.ReviewParticipants, "airlock.exposure.blockParticipants must be at least reviewParticipants");
        require(Approvals.Default is >= 1 and <= 5, "airlock.approvals.default must be between 1 and 5");
        require(Approvals.FourEyes is >= 1 and <= 5, "airlock.approvals.fourEyes must be between 1 and 5");
        require(Differencing.Severity != Severity.Info || !Differencing.Enabled, "airlock.differencing.severity must be review or block");
        require(Differencing.MaxDifference is null or >= 1, "airlock.differencing.maxDifference must be at least 1");
    }
}

/// <summary>A daily allowance (UTC day): bytes and files submitted, whatever became of them.</summary>
public sealed class AirlockQuotaPolicy
{
    public long Bytes { get; set; }
    public int Files { get; set; }
}

/// <summary>
/// Cumulative exposure: the distinct participants whose IDs or records appeared in a project's exports,
/// released or not. At the review threshold further exports go to a checker; at the block threshold they are blocked.
/// </summary>
public sealed class ExposurePolicy
{
    public bool Enabled { get; set; } = true;
    public int ReviewParticipants { get; set; } = 200;
    public int BlockParticipants { get; set; } = 1000;
}

/// <summary>How many checkers must approve a file the engine sent to review.</summary>
public sealed class ApprovalsPolicy
{
    /// <summary>Approvals needed for a file under review.</summary>
    public int Default { get; set; } = 1;
    /// <summary>Approvals needed when a finding's rule starts with one of <see cref="FourEyesRules"/>.</summary>
    public int FourEyes { get; set; } = 2;
    /// <summary>Rule name prefixes that need <see cref="FourEyes"/> approvals (by default every SDC rule).</summary>
    public string[] FourEyesRules { get; set; } = ["sdc-"];
}

/// <summary>
/// Differencing: a table that differs from one the same project already released by a small group (the
/// counts differ in total by less than maxDifference, by default the minimum cell count) is flagged.
/// </summary>
public sealed class DifferencingPolicy
{
    public bool Enabled { get; set; } = true;
    /// <summary>The largest total difference still flagged is this minus one; null: sdc.minimumCellCount.threshold.</summary>
    public int? MaxDifference { get; set; }
    public Severity Severity { get; set; } = Severity.Review;
}

/// <summary>
/// The daily monitoring report (`egress report daily`, docs/monitoring.md): what counts as a file just under
/// the size cap, the usual working hours, and how far from a project's own baseline a day must be to be listed.
/// </summary>
public sealed class MonitoringPolicy
{
    /// <summary>A submitted file at least this share of limits.maxFileBytes is "near the limit" (a splitter's habit).</summary>
    public double NearLimitFraction { get; set; } = 0.9;
    /// <summary>Exports from this local hour (inclusive) …</summary>
    public int UsualHoursStart { get; set; } = 7;
    /// <summary>… to this local hour (exclusive) are at usual hours; any other is counted as unusual.</summary>
    public int UsualHoursEnd { get; set; } = 20;
    /// <summary>The IANA time zone the usual hours are in.</summary>
    public string TimeZone { get; set; } = "Europe/London";
    /// <summary>Days before the report's day that make each project's baseline.</summary>
    public int BaselineDays { get; set; } = 30;
    /// <summary>A metric whose robust z-score against the project's baseline reaches this is an anomaly.</summary>
    public double AnomalyZ { get; set; } = 3.5;

    internal void Validate(Action<bool, string> require)
    {
        require(NearLimitFraction is > 0 and <= 1, "airlock.monitoring.nearLimitFraction must be in (0,1]");
        require(UsualHoursStart is >= 0 and <= 23 && UsualHoursEnd is >= 1 and <= 24 && UsualHoursStart < UsualHoursEnd,
            "airlock.monitoring.usualHoursStart and usualHoursEnd must be hours with 0 <= start < end <= 24");
        require(TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _), $"airlock.monitoring.timeZone '{TimeZone}' is not a time zone this system knows");
        require(BaselineDays is >= 7 and <= 366, "airlock.monitoring.baselineDays must be between 7 and 366");
        require(AnomalyZ > 0, "airlock.monitoring.anomalyZ must be positive");
    }
}
