using System.Security.Cryptography;
using System.Text.Json;

namespace Egress.Core;

/// <summary>
/// Lays out a folder the way ACRO's <c>finalise</c> does, so SACRO-Viewer opens it: the checked file, <c>results.json</c>
/// beside it, <c>config.json</c> (the disclosure thresholds applied, under ACRO's names) and <c>checksums/&lt;file&gt;.txt</c>
/// holding the SHA-256 of the file in hex, which the viewer recomputes to show that the file is the one checked.
/// </summary>
public static class AcroResultsFolder
{
    public const string ResultsName = "results.json";
    public const string ConfigName = "config.json";
    public const string ChecksumsFolder = "checksums";

    /// <summary>Writes the folder; the checked file is copied in unless it already lies there. Returns the results file's path.</summary>
    public static string Write(string folder, string checkedFile, string resultsJson, Policy policy)
    {
        Directory.CreateDirectory(folder);
        var name = Path.GetFileName(checkedFile);
        var target = Path.Combine(folder, name);
        if (!string.Equals(Path.GetFullPath(target), Path.GetFullPath(checkedFile), StringComparison.Ordinal))
            File.Copy(checkedFile, target, overwrite: true);
        var results = Path.Combine(folder, ResultsName);
        File.WriteAllText(results, resultsJson);
        File.WriteAllText(Path.Combine(folder, ConfigName), ConfigJson(policy));
        var checksums = Directory.CreateDirectory(Path.Combine(folder, ChecksumsFolder));
        File.WriteAllText(Path.Combine(checksums.FullName, name + ".txt"), Sha256Hex(target));
        return results;
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes, as ACRO's write_checksums and SACRO-Viewer compute it.</summary>
    public static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The thresholds applied, with ACRO's default.yaml names (what a checker compares with their site's ACRO config).</summary>
    public static string ConfigJson(Policy policy)
    {
        var sdc = policy.Sdc;
        var config = new Dictionary<string, object>
        {
            ["safe_threshold"] = sdc.MinimumCellCount.Threshold,
            ["safe_dof_threshold"] = sdc.ResidualDegreesOfFreedom.Minimum,
            ["safe_nk_n"] = sdc.Dominance.N,
            ["safe_nk_k"] = sdc.Dominance.K,
            ["safe_pratio_p"] = sdc.PPercent.P,
            ["check_missing_values"] = false,
            ["survival_safe_threshold"] = sdc.SurvivalRiskSet.Threshold,
            ["zeros_are_disclosive"] = sdc.Zeros.Enabled,
            ["checker"] = "egress",
        };
        return JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true });
    }
}
