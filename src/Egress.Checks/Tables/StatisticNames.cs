using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

/// <summary>
/// The statistic a column or row name announces: English words and their usual abbreviations, and the
/// names R (summary(), broom, survival), Stata and statsmodels print ("Std. Error", "Pr(&gt;|t|)",
/// "P&gt;|z|", "[0.025", "n.risk", "Freq.", "p50"). A name is compacted to its letters, digits and '%'
/// ("std.error" → "stderror") and looked up whole, then by its last and first words ("n_female",
/// "Female n", "bmi_mean").
/// </summary>
public static partial class StatisticNames
{
    private static readonly Dictionary<string, Statistic> Whole = Build();

    private static readonly HashSet<string> People =
        ["participants", "patients", "people", "persons", "individuals", "subjects", "cases", "controls", "obs", "observations", "records",
         "respondents", "men", "women", "children", "adults", "births", "admissions", "users", "members", "residents", "pupils", "students",
         "employees", "households", "births", "mothers", "infants", "babies", "donors", "recipients", "responders", "contributors"];
    private static readonly Regex Measured = MeasuredPattern();
    [GeneratedRegex(@"\b(?:platelet|cell|blood|lymphocyte|neutrophil|monocyte|eosinophil|basophil|reticulocyte|sperm|colony|step|wbc|rbc)s?\s+counts?\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MeasuredPattern();

    /// <summary>The statistic a name is exactly (no word of a longer name): for row labels, where "Female Q4" is no quartile.</summary>
    public static Statistic OfExact(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Statistic.Unknown;
        var compact = Compact(name.Trim().ToLowerInvariant());
        if (Whole.TryGetValue(compact, out var s)) return s;
        return Percentile(compact) ?? Statistic.Unknown;
    }

    private static readonly Regex PercentilePattern = PercentilePatternPattern();
    [GeneratedRegex(@"^(?:p|q|pct|pctl|perc|centile)?(\d{1,2}(?:\.\d+)?)(?:%|th|st|nd|rd)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PercentilePatternPattern();
    private static readonly Regex WordSplit = WordSplitPattern();
    [GeneratedRegex(@"[^\p{L}\p{N}%]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordSplitPattern();
    private static readonly Regex GroupSize = GroupSizePattern();
    [GeneratedRegex(@"\(\s*n\s*=\s*[\d,]+\s*\)|\bn\s*=\s*[\d,]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupSizePattern();

    /// <summary>The statistic a header (or row label) names, or Unknown.</summary>
    public static Statistic Of(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Statistic.Unknown;
        var text = name.Trim().Trim('"').ToLowerInvariant();
        // "Female (N=1,234)" names a group, not a statistic.
        if (GroupSize.IsMatch(text)) return Statistic.Unknown;
        var compact = Compact(text);
        if (compact.Length == 0) return text.Contains('%') ? Statistic.Percentage : Statistic.Unknown;
        if (Whole.TryGetValue(compact, out var whole)) return whole;
        if (Percentile(compact) is { } p) return p;
        if (text.Contains("95%") && (text.Contains("ci") || text.Contains("conf"))) return Statistic.ConfidenceLimit;
        // "n (%)", "mean (SD)", "median [IQR]", "OR (95% CI)": the statistic outside the brackets leads.
        var cut = text.IndexOfAny(['(', '[']);
        if (cut > 0 && Of(text[..cut]) is var lead && lead != Statistic.Unknown) return lead;
        var words = WordSplit.Split(text).Where(w => w.Length > 0).ToArray();
        if (words.Length < 2) return Statistic.Unknown;
        // A long name is a variable's label ("Average total household income before tax"), not a statistic's.
        if (words.Length > 3 && !(words[1] == "of" && words[0] is "number" or "no" or "num" or "n")) return Statistic.Unknown;
        // "Number of participants" counts people; "Number of ICD-10 diagnoses" names a variable.
        if (words.Length >= 3 && words[0] is "number" or "no" or "num" or "n" && words[1] == "of")
            return words.Skip(2).Any(w => People.Contains(w)) ? Statistic.Count
                : words.Skip(2).Any(w => w is "events" or "deaths" or "outcomes") ? Statistic.Events
                : words.Skip(2).Any(w => w is "rows" or "columns" or "variables" or "levels" or "categories" or "values" or "files") ? Statistic.Other
                : Statistic.Unknown;
        // A platelet or white blood cell count is a measurement, not a number of people.
        if (Measured.IsMatch(text)) return Statistic.Unknown;
        // The last word may make a name a label ("patient_id", "sex_code"); the first only a statistic.
        if (Whole.TryGetValue(words[^1], out var last) && (last == Statistic.Label ? words[^1] is "id" or "code" or "label" or "name" : true)) return last;
        if (Percentile(words[^1]) is { } lastQ) return lastQ;
        if (Whole.TryGetValue(words[0], out var firstWord) && firstWord != Statistic.Label) return firstWord;
        if (Percentile(words[0]) is { } firstQ) return firstQ;
        return Statistic.Unknown;
    }

    /// <summary>The name reduced to letters, digits and '%'.</summary>
    public static string Compact(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
            if (char.IsLetterOrDigit(c) || c == '%') buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }

    /// <summary>p5, p95, q1, q3, 25%, 2.5%, 97.5th: percentiles; p0/p100 and 0%/100% are the minimum and maximum, p50 the median.</summary>
    private static Statistic? Percentile(string compact)
    {
        var m = PercentilePattern.Match(compact);
        if (!m.Success) return null;
        // A bare number is not a percentile ("1", "2" as column names are categories).
        if (!compact.Any(char.IsLetter) && !compact.Contains('%')) return null;
        var digits = m.Groups[1].Value;
        // q1–q4 are quartiles, qNN percentiles.
        if (compact.StartsWith('q') && digits.Length == 1)
            return digits switch { "0" => Statistic.Minimum, "2" => Statistic.Median, "4" => Statistic.Maximum, _ => Statistic.Percentile };
        if (!double.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var value)) return null;
        return value switch
        {
            0 => Statistic.Minimum,
            50 => Statistic.Median,
            100 => Statistic.Maximum,
            < 100 => Statistic.Percentile,
            _ => null,
        };
    }

    private static Dictionary<string, Statistic> Build()
    {
        var map = new Dictionary<string, Statistic>(StringComparer.Ordinal);
        void Add(Statistic s, params string[] names)
        {
            foreach (var n in names) map[n] = s;
        }
        Add(Statistic.Count, "n", "count", "counts", "freq", "frequency", "frequencies", "number", "no", "num", "nobs", "obs",
            "observations", "nobservations", "numberofobs", "total", "ntotal", "participants", "nparticipants", "patients", "npatients",
            "people", "persons", "individuals", "subjects", "respondents", "population", "denominator", "numerator", "pop", "cases",
            "ncases", "controls", "ncontrols", "nmissing", "missing", "nnonmissing", "complete", "ncomplete", "size",
            "samplesize", "groupsize", "nexposed", "exposed", "unexposed", "nperson", "npeople", "headcount", "tally", "nn", "nobsx",
            "nperarm", "pergroup", "npergroup", "nexclude", "nincluded", "excluded", "included", "freqs", "counted", "ncount", "nsubjects");
        Add(Statistic.Events, "events", "nevent", "nevents", "event", "deaths", "ndeaths", "cumevents", "cumevent", "nevt", "failures", "nfail");
        Add(Statistic.AtRisk, "nrisk", "atrisk", "numberatrisk", "natrisk", "riskset", "nrisks", "numrisk", "numatrisk", "noatrisk", "atriskn");
        Add(Statistic.Censored, "ncensor", "censor", "censored", "ncensored", "lost", "nlost", "withdrawn");
        Add(Statistic.Percentage, "%", "percent", "pct", "perc", "percentage", "pc", "cum", "cumpct", "cumpercent", "cum%", "%ofall",
            "%ofnonmissing", "%nonmissing", "%missing", "colpct", "rowpct", "colpercent", "rowpercent", "pcnt", "percents", "validpercent",
            "cumulativepercent", "%total", "pcttotal", "percentage%");
        Add(Statistic.Proportion, "prop", "proportion", "share", "fraction", "completerate", "freqrel", "relfreq", "relativefrequency");
        Add(Statistic.Mean, "mean", "average", "avg", "meanestimate", "mu", "amean", "arithmeticmean", "geomean", "geometricmean", "xbar");
        Add(Statistic.StandardDeviation, "sd", "std", "stdev", "stddev", "standarddeviation", "sdev", "stdv", "stddeviation");
        Add(Statistic.StandardError, "se", "stderror", "stderr", "standarderror", "secoef", "robustse", "empiricalse", "modelse", "sem",
            "bse", "serr", "robuststderr", "stderrs", "stdfehler");
        Add(Statistic.Variance, "var", "variance");
        Add(Statistic.Median, "median", "med", "medianvalue");
        Add(Statistic.Percentile, "1stqu", "3rdqu", "lowerquartile", "upperquartile", "quartile", "percentile", "pctl", "lq", "uq",
            "1q", "3q", "qu1", "qu3", "q1", "q3");
        Add(Statistic.InterquartileRange, "iqr", "interquartilerange");
        Add(Statistic.Minimum, "min", "minimum", "lowest", "smallest", "minval", "minvalue");
        Add(Statistic.Maximum, "max", "maximum", "highest", "largest", "maxval", "maxvalue", "top1", "largestcontributor");
        Add(Statistic.Range, "range");
        Add(Statistic.Sum, "sum", "totalvalue", "sumof", "amount", "totalamount", "sumvalue", "sums");
        Add(Statistic.Coefficient, "estimate", "est", "coef", "coefficient", "coefficients", "beta", "b", "or", "hr", "rr", "irr",
            "oddsratio", "hazardratio", "riskratio", "expcoef", "expb", "effect", "logodds", "estimates", "betas", "exp", "ratio",
            "rateratio", "oddsratios", "hazardratios", "ve", "difference", "diff", "meandifference", "md", "smd", "aor", "ahr", "crude",
            "adjusted", "oddsratio95%ci", "beta95%ci", "or95%ci", "hr95%ci");
        Add(Statistic.TestStatistic, "t", "z", "tvalue", "zvalue", "statistic", "tstat", "zstat", "chi2", "chisq", "f", "wald", "x2",
            "tratio", "zscore", "lr", "lrchi2", "waldchi2", "teststatistic", "fvalue", "fstatistic");
        Add(Statistic.PValue, "p", "pvalue", "pval", "prt", "prz", "prchi", "prchisq", "pt", "pz", "pr", "sig", "significance", "padj",
            "padjusted", "pvalues", "pf", "prf", "probt", "probz", "probchisq", "p2tailed", "qvalue", "fdr");
        Add(Statistic.ConfidenceLimit, "conflow", "confhigh", "conflower", "confupper", "lower", "upper", "lci", "uci", "ll", "ul", "lcl",
            "ucl", "0025", "0975", "95%confinterval", "95%ci", "ci", "lower95", "upper95", "lower95%ci", "upper95%ci", "cilow", "cihigh",
            "cilower", "ciupper", "lowerci", "upperci", "lowerbound", "upperbound", "lb", "ub", "orll", "orul", "hrll", "hrul", "vell",
            "veul", "conf", "confint", "95%cilower", "95%ciupper", "lower95ci", "upper95ci", "cl", "lo", "hi", "lower95%", "upper95%");
        Add(Statistic.DegreesOfFreedom, "df", "dof", "degreesoffreedom", "resdf", "dfresid", "dfresidual", "dfresiduals", "ddf", "ndf");
        Add(Statistic.Time, "time", "interval", "intervalstart", "intervalend", "day", "days", "week", "weeks", "month", "months",
            "followup", "tstart", "tstop", "timepoint", "times", "survtime", "timeyears", "timedays", "timemonths", "years", "start", "stop",
            "startday", "endday", "period");
        Add(Statistic.Survival, "survival", "surv", "km", "survprob", "cumin", "cuminc", "cumincidence", "cumincidencepct", "cumhaz",
            "cumulativeincidence", "survivalprobability", "kmestimate", "st", "survest", "survivalpct", "cumulativehazard");
        Add(Statistic.Correlation, "r", "rho", "corr", "correlation", "pearson", "spearman", "kendall", "tau", "pearsonr", "spearmanrho");
        Add(Statistic.Rate, "rate", "incidence", "incidencerate", "rateper1000", "rateper100000", "rateper10000", "ratepy", "ir", "irate", "risk");
        Add(Statistic.Index, "rank", "rep", "replicate", "draw", "iteration", "iter", "sim", "row", "rownum", "index", "idx", "obsno", "#",
            "scenario", "run", "seed", "nsim", "simulation");
        Add(Statistic.Other, "nunique", "unique", "ndistinct", "distinct", "nlevels", "nvalues", "ncolumns", "ncols", "nrows", "ordered",
            "topcounts", "emptyvalues", "whitespace", "nchar", "length", "digits", "maxused", "gctrigger", "used", "factor", "numeric",
            "character", "logical", "date", "posixct", "integer", "list", "complex", "difftime");
        Add(Statistic.Label, "term", "variable", "variables", "characteristic", "characteristics", "group", "groups", "category",
            "categories", "level", "levels", "label", "name", "strata", "stratum", "subgroup", "covariate", "outcome", "exposure",
            "model", "chapter", "description", "code", "icd10", "skimvariable", "rowname", "var1", "var2", "item", "measure", "parameter",
            "type", "class", "criteria", "criterion", "step", "terms", "predictor", "predictors", "contrast", "comparison", "id", "eid",
            "patientid", "participantid", "subjectid", "personid", "study", "source", "varlabel", "vartype", "rowtype", "analysis");
        return map;
    }
}
