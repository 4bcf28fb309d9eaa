using System.Security.Cryptography;
using System.Text;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// Text that looks like base32, base85 or uuencode (prose, code, LaTeX, PostScript, logs with SHOUTED_NAMES, tokens,
/// git hashes, long numbers, minified scripts), generated from seeds, is released.
/// </summary>
[Collection("indexed-cohort")]
public class MoreEncodingLookAlikeTests(IndexedCohort cohort)
{
    private string Write(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return path;
    }

    private void AssertReleased(string name, string text)
    {
        var report = cohort.Check(Write(name, text));
        Assert.True(report.Verdict == Verdict.Release, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
    }

    /// <summary>
    /// Nothing was decoded from it: no finding in a decoded part, nothing opaque, no fragments (a log's columns may
    /// still be read as a table by the disclosure rules, which is not what these tests are about).
    /// </summary>
    private void AssertNothingDecoded(string name, string text)
    {
        var report = cohort.Check(Write(name, text));
        var decoded = report.Findings.Where(f => f.Location.Contains('#') || f.Rule is "opaque-content" or "encoded-fragments").ToList();
        Assert.True(decoded.Count == 0, string.Join("; ", decoded.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
        Assert.DoesNotContain(report.Parts, p => p.Path.Contains('#'));
    }

    private static string Sha1(string s) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    private static readonly string[] Words =
        ["the", "hazard", "ratio", "for", "vaccination", "was", "adjusted", "by", "age", "sex", "region", "deprivation", "and", "we",
         "found", "no", "evidence", "of", "interaction", "between", "cohorts", "model", "estimates", "were", "robust", "sensitivity"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Logs_with_shouted_names_tokens_hashes_and_numbers_are_released(int seed)
    {
        var random = new Random(seed);
        string Shout(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => Words[random.Next(Words.Length)].ToUpperInvariant()));
        var text = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            text.Append($"2024-03-{1 + i % 28:00} 09:{i % 60:00}:12 INFO {Shout(6)}_{Shout(5)}_{Shout(4)} started pid {random.Next(1000, 99999)}\n");
            text.Append($"2024-03-{1 + i % 28:00} WARN {Shout(8)}{random.Next(2, 8)}{Shout(6)}{random.Next(2, 8)}{Shout(4)} retry {i}\n");
            text.Append($"commit {Sha1("c" + i)} ({Sha1("tree" + i)[..12]})\n");
            text.Append($"ALLOCATION_ID: {random.NextInt64(1_000_000_000_000_000, long.MaxValue)}{random.NextInt64(1_000_000_000, 9_999_999_999)}\n");
            text.Append($"TOTP secret JBSWY3DPEHPK3PXP, key AKIA{Shout(6)[..16]} region EU_WEST_2_AVAILABILITY_ZONE_B_SUBNET_PRIVATE\n");
            text.Append($"VARIABLES: AGE_AT_RECRUITMENT_2006_2010 SMOKING_STATUS_2 BMI_CATEGORY_3 {Shout(7)}2{Shout(3)}\n");
        }
        AssertNothingDecoded("job.log", text.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Prose_code_and_latex_are_released(int seed)
    {
        var random = new Random(seed);
        string Sentence() => string.Join(' ', Enumerable.Range(0, 12 + random.Next(10)).Select(_ => Words[random.Next(Words.Length)])) + ". ";
        var text = new StringBuilder("\\documentclass{article}\n\\usepackage{amsmath,booktabs}\n\\begin{document}\n");
        for (var i = 0; i < 30; i++)
        {
            text.Append(Sentence()).Append(Sentence()).Append('\n');
            text.Append($"\\begin{{equation}}\\hat{{\\beta}}_{{{i}}}=\\frac{{\\sum_{{i=1}}^{{n}}(x_i-\\bar{{x}})(y_i-\\bar{{y}})}}{{\\sum_{{i=1}}^{{n}}(x_i-\\bar{{x}})^2}}\\approx{random.NextDouble():F3}\\end{{equation}}\n");
            text.Append($"$\\mathrm{{HR}}_{{adj}}={random.NextDouble() + 0.5:F2}~(95\\%~\\mathrm{{CI}}~0.{random.Next(10, 99)}\\text{{--}}1.{random.Next(10, 99)})$, $p<0.00{random.Next(1, 9)}$\\\\\n");
        }
        text.Append("\\end{document}\n");
        text.Append("fit <- coxph(Surv(time,status)~age+sex+strata(region)+I(bmi^2)+tt(vacc),data=df[df$cohort==\"A\"&!is.na(df$bmi),],ties=\"efron\")\n");
        text.Append("df<-df%>%mutate(ageband=cut(age,breaks=c(0,40,50,60,70,Inf)),imd_q=ntile(imd,5))%>%filter(!is.na(ageband))|>arrange(desc(imd_q))\n");
        text.Append("!function(e,t){\"object\"==typeof exports&&\"undefined\"!=typeof module?module.exports=t():\"function\"==typeof define&&define.amd?define(t):(e=e||self).Chart=t()}(this,function(){\"use strict\";var e=Object.freeze({__proto__:null});return{A:1,B:[2,3],C:{x:\"y\"}}});\n");
        text.Append("https://github.com/opensafely/covid-vaccine-effectiveness-research/blob/4f3c2a1/analysis/R/models.R?plain=1#L120-L184&Q=Xy12Zw\n");
        AssertReleased("paper.tex", text.ToString());
    }

    [Fact]
    public void Postscript_is_released()
    {
        var random = new Random(4);
        var text = new StringBuilder("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 504 504\n%%Creator: R Software\n/bp  { gs sRGB gs } def\n/ep  { showpage gr gr } def\n");
        text.Append("/m   { moveto } def\n/l  { rlineto } def\n/np  { newpath } def\n/cp  { closepath } def\n/rgb { setrgbcolor } def\n");
        text.Append("<< /PageSize [504 504] /ImagingBBox null >> setpagedevice\n");
        for (var i = 0; i < 200; i++)
            text.Append($"np {random.Next(50, 450)}.{random.Next(10, 99)} {random.Next(50, 450)}.{random.Next(10, 99)} m {random.Next(-9, 9)}.{random.Next(10, 99)} {random.Next(-9, 9)}.{random.Next(10, 99)} l o\n");
        text.Append("/Font1 findfont 12 s 0 0 0 rgb 252.00 18.72 (Age at recruitment \\(years\\)) .5 0 t\n");
        text.Append("[/Times-Roman /Helvetica-BoldOblique] {dup findfont dup length dict begin {1 index /FID ne {def} {pop pop} ifelse} forall end} forall\n");
        text.Append("ep\n%%Trailer\n%%EOF\n");
        AssertReleased("figure.eps", text.ToString());
    }

    [Fact]
    public void Short_ascii85_and_begin_lines_in_prose_are_released()
    {
        var text = "In PostScript a string may be written <~87cURD]i,\"Ebo80~> in ASCII85.\n" +
                   "begin 644 is how uuencode starts, begin 755 script.sh too, but these are words.\n" +
                   "begin 644 notes.txt\nthis line is prose, not a uuencoded line\nend\n" +
                   "a ~> b and c <~ d are arrows in some notations; xbtoa Begin is a marker.\n";
        AssertReleased("notes.md", text);
    }
}
