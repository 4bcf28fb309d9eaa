using System.Globalization;
using System.Text;
using Egress.Cohort.Outputs;

namespace Egress.Tests.Outputs;

/// <summary>
/// Writes a small, seeded master.csv in the documented format (docs/cohort-format.md) so output tests do not depend
/// on the cohort generator. Values are plausible, not realistic in every joint distribution.
/// </summary>
public static class TestCohort
{
    private static readonly int[] Centres = [11001, 11002, 11003, 11004, 11005, 11006, 11007, 11008, 11009, 11010, 11011, 11012, 11013, 11014, 11016, 11017, 11018, 11020, 11021, 11022];
    private static readonly (int Code, double Weight)[] Ethnicities =
        [(1001, 88), (1002, 2.5), (1003, 3.5), (3001, 1.2), (3002, 0.4), (4001, 0.8), (4002, 0.6), (5, 0.3), (6, 0.9), (2001, 0.2), (2003, 0.2), (-3, 0.4), (1, 0.1)];
    private static readonly string[] Icd10 = ["I10", "E119", "K573", "J459", "M170", "N390", "I251", "E780", "K219", "C509", "F329", "G473", "H269", "L409", "R074", "Z864", "I480", "E039", "D649", "K802", "A099", "S7200"];

    public static readonly string[] Header = BuildHeader();

    private static string[] BuildHeader()
    {
        var h = new List<string> { "eid", "31-0.0", "34-0.0", "52-0.0", "53-0.0", "53-2.0", "54-0.0", "21003-0.0", "21000-0.0", "189-0.0",
            "50-0.0", "21002-0.0", "21001-0.0", "4080-0.0", "4080-0.1", "4079-0.0", "4079-0.1", "30000-0.0", "30020-0.0", "30080-0.0" };
        h.AddRange(["30600-0.0", "30610-0.0", "30620-0.0", "30650-0.0", "30670-0.0", "30690-0.0", "30700-0.0", "30710-0.0", "30740-0.0", "30750-0.0", "30760-0.0", "30780-0.0", "30870-0.0"]);
        h.AddRange(["20116-0.0", "1558-0.0", "1160-0.0", "738-0.0"]);
        h.AddRange(Enumerable.Range(0, 10).Select(i => $"41270-0.{i}"));
        h.AddRange(Enumerable.Range(1, 10).Select(i => $"22009-0.{i}"));
        return h.ToArray();
    }

    /// <summary>Writes DIR/master.csv with <paramref name="participants"/> rows and returns the eids written.</summary>
    public static HashSet<long> Write(string dir, int participants, ulong seed)
    {
        Directory.CreateDirectory(dir);
        var rng = new SeededRandom(seed, 12345);
        var inv = CultureInfo.InvariantCulture;
        var eids = new HashSet<long>();
        while (eids.Count < participants) eids.Add(rng.Between(1_000_000, 9_999_999));
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Header)).Append('\n');
        string F(double v, int d) => v.ToString("F" + d, inv);
        string Maybe(string s) => rng.Chance(0.03) ? "" : s;
        foreach (long eid in eids)
        {
            int sex = rng.Chance(0.54) ? 0 : 1;
            int yob = rng.Between(1937, 1970);
            int month = rng.Between(1, 12);
            var visit = new DateOnly(2006, 3, 13).AddDays(rng.Next(1663));
            int age = visit.Year - yob - (visit.Month < month ? 1 : 0);
            string imaging = rng.Chance(0.1) ? new DateOnly(2014, 1, 1).AddDays(rng.Next(2500)).ToString("yyyy-MM-dd", inv) : "";
            int centre = rng.Pick(Centres);
            int ethnicity = Ethnicities[rng.PickWeighted(Ethnicities.Select(e => e.Weight).ToArray())].Code;
            double townsend = Math.Min(11, -6.3 + rng.Gamma(2.2) * 2.1);
            double height = sex == 1 ? rng.Normal(175.5, 6.8) : rng.Normal(162.5, 6.2);
            double bmi = Math.Max(15, 27.4 + rng.Normal() * 4.6 + (sex == 1 ? 0.4 : 0));
            double weight = Math.Round(bmi * height * height / 10000, 1);
            height = Math.Round(height, 1);
            bmi = weight / (height / 100 * height / 100);
            int smoking = rng.PickWeighted([0.5, 0.35, 0.1, 0.005]) switch { 0 => 0, 1 => 1, 2 => 2, _ => -3 };
            // Planted: systolic pressure rises 0.5 mmHg per year of age and 0.9 per BMI unit.
            double sbpMean = 80 + 0.5 * age + 0.9 * bmi + (sex == 1 ? 5 : 0);
            int sbp1 = (int)Math.Round(sbpMean + rng.Normal(0, 14)), sbp2 = (int)Math.Round(sbpMean - 2 + rng.Normal(0, 14));
            int dbp1 = (int)Math.Round(50 + 0.1 * age + 0.7 * bmi + rng.Normal(0, 9)), dbp2 = dbp1 - rng.Between(-3, 5);
            double chol = rng.Normal(5.7, 1.1);
            double hba1c = Math.Max(20, 35 + rng.Gamma(1.5) * 2.5 + 0.15 * (bmi - 27));
            var codes = Enumerable.Range(0, rng.PickWeighted([40, 25, 15, 10, 5, 3, 2])).Select(_ => rng.Pick(Icd10)).Distinct().ToList();
            if (hba1c > 48 && rng.Chance(0.6) && !codes.Contains("E119")) codes.Insert(0, "E119");

            var row = new List<string>
            {
                eid.ToString(inv), sex.ToString(inv), yob.ToString(inv), month.ToString(inv), visit.ToString("yyyy-MM-dd", inv), imaging,
                centre.ToString(inv), age.ToString(inv), ethnicity.ToString(inv), Maybe(F(townsend, 5)),
                Maybe(F(height, 1)), Maybe(F(weight, 1)), Maybe(F(bmi, 4)),
                Maybe(sbp1.ToString(inv)), Maybe(sbp2.ToString(inv)), Maybe(dbp1.ToString(inv)), Maybe(dbp2.ToString(inv)),
                Maybe(F(Math.Max(1.5, rng.Normal(6.9, 1.8)), 3)), Maybe(F(sex == 1 ? rng.Normal(15.0, 1.0) : rng.Normal(13.4, 0.9), 3)), Maybe(F(Math.Max(50, rng.Normal(250, 55)), 3)),
                Maybe(F(rng.Normal(45.2, 2.6), 3)), Maybe(F(Math.Exp(rng.Normal(4.4, 0.28)), 3)), Maybe(F(Math.Exp(rng.Normal(3.0, 0.45)), 3)), Maybe(F(Math.Exp(rng.Normal(3.2, 0.3)), 3)),
                Maybe(F(Math.Max(1.5, rng.Normal(5.4, 1.4)), 3)), Maybe(F(chol, 3)), Maybe(F(Math.Exp(rng.Normal(4.3, 0.22)), 3)), Maybe(F(Math.Exp(rng.Normal(0.3, 1.1)), 3)),
                Maybe(F(Math.Max(2.5, 5.0 + (hba1c - 36) * 0.06 + rng.Normal(0, 0.5)), 3)), Maybe(F(hba1c, 1)), Maybe(F(Math.Max(0.4, rng.Normal(1.45, 0.38)), 3)),
                Maybe(F(Math.Max(0.5, 0.62 * chol + rng.Normal(0, 0.45)), 3)), Maybe(F(Math.Exp(rng.Normal(0.4, 0.5)), 3)),
                Maybe(smoking.ToString(inv)), Maybe(rng.PickWeighted([20, 23, 26, 11, 12, 8, 1]) switch { 6 => "-3", var k => (k + 1).ToString(inv) }),
                Maybe(rng.PickWeighted([1, 4, 24, 38, 25, 6, 1, 1]) switch { 0 => "-3", 6 => "-1", var k => (k + 3).ToString(inv) }),
                Maybe(rng.PickWeighted([19, 22, 22, 18, 5, 9, 5]) switch { 5 => "-1", 6 => "-3", var k => (k + 1).ToString(inv) }),
            };
            for (int i = 0; i < 10; i++) row.Add(i < codes.Count ? codes[i] : "");
            for (int i = 0; i < 10; i++) row.Add(Maybe(F(rng.Normal(0, 10.0 / (i + 1)), 4)));
            sb.Append(string.Join(',', row)).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, MasterCohortReader.FileName), sb.ToString());
        return eids;
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "egress-test-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
