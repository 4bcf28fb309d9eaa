using System.Globalization;
using System.Text;
using Egress.Checks;
using Egress.Checks.Disguise;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Tests.Checks.Disguise.Adversary;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// Plots that carry individual points: an SVG scatter's marks read back to data through the axes' tick labels, exactly, in
/// the shapes matplotlib, svglite and Plotly write; participants' (x, y) pairs found; plots of aggregates not blocked;
/// damaged SVG read without a crash and never released.
/// </summary>
[Collection("indexed-cohort")]
public class PlotPointsTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private AdversaryCohort Adversary()
    {
        var (header, rows) = cohort.Extract("A");
        return new AdversaryCohort(header, rows);
    }

    public static TheoryData<string> Styles() => ["matplotlib", "svglite", "plotly in HTML"];

    private static byte[] Render(string style, PlotPanel panel, Random random) => style switch
    {
        "matplotlib" => Encoding.UTF8.GetBytes(PlotSvg.Matplotlib([panel], random)),
        "svglite" => Encoding.UTF8.GetBytes(PlotSvg.Svglite(panel)),
        _ => Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><p>Figure 1</p>{PlotSvg.Plotly(panel)}</body></html>"),
    };

    private static List<TablePart> PointTables(byte[] bytes)
    {
        var context = new UnpackContext(new UnpackLimits(), CancellationToken.None);
        return ContentReaders.Unpacker().Walk(new MemorySource(bytes), "plot", context).OfType<TablePart>().Where(t => t.Plot is not null).ToList();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Points_are_read_back_to_their_values(string style)
    {
        var random = new Random(5);
        // Values at 1 to 4 decimals, negative and positive, as measurements are dispensed.
        var points = Enumerable.Range(0, 300).Select(_ => (Math.Round(15 + random.NextDouble() * 35, 4), Math.Round(-3 + random.NextDouble() * 9, 3))).ToList();
        var tables = PointTables(Render(style, new PlotPanel(points, "bmi", "ldl"), random));
        var table = Assert.Single(tables);
        Assert.True(table.Plot!.AxesRecovered);
        var rows = table.Rows.ToList();
        Assert.Equal(points.Count, rows.Count);
        var precise = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = (double.Parse(rows[i][0], CultureInfo.InvariantCulture), double.Parse(rows[i][1], CultureInfo.InvariantCulture));
            var (dx, dy) = (Decimals(rows[i][0]), Decimals(rows[i][1]));
            // Within one unit of the written last place (the window the matching uses), and exact where the drawing is fine enough.
            Assert.True(Math.Abs(x - points[i].Item1) <= Math.Pow(10, -dx) * 1.0001, $"x {i}: {rows[i][0]}");
            Assert.True(Math.Abs(y - points[i].Item2) <= Math.Pow(10, -dy) * 1.0001, $"y {i}: {rows[i][1]}");
            if (Math.Abs(x - points[i].Item1) < 1e-9 && Math.Abs(y - points[i].Item2) < 1e-9) precise++;
        }
        output.WriteLine($"{style}: decimals {Decimals(rows[0][0])}/{Decimals(rows[0][1])}, {precise} of {points.Count} exact");
        if (style == "matplotlib") Assert.Equal(points.Count, precise);
        // Axis titles become the header where the library writes them as text (Plotly's default figure has none).
        if (style != "plotly in HTML") Assert.Equal(["bmi", "ldl"], table.Header!);
    }

    private static int Decimals(string v) => v.Contains('.') ? v.Length - v.IndexOf('.') - 1 : 0;

    public static TheoryData<string, int> Leaks() => new()
    {
        { "matplotlib", 100 }, { "matplotlib", 1000 }, { "svglite", 100 }, { "svglite", 1000 }, { "plotly in HTML", 100 }, { "plotly in HTML", 1000 },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void Participants_plotted_are_found(string style, int size)
    {
        var adversary = Adversary();
        var random = new Random(size + style.Length);
        var slice = adversary.Slice(size, random);
        var table = new LeakTable(slice.Header[1..], slice.Rows.Select(r => r[1..]).ToList());
        var panel = PlotColumns.Panels(table, random, 2)[0];
        var path = cohort.NewFile(style == "plotly in HTML" ? "plot.html" : "plot.svg");
        File.WriteAllBytes(path, Render(style, panel, random));
        var report = cohort.Check(path);
        output.WriteLine($"{style} {size} ({panel.XTitle} × {panel.YTitle}): {report.Verdict}, {report.Participants} participants; " +
                         string.Join("; ", report.Findings.Select(f => $"{f.Rule}: {f.Message}")));
        Assert.True(report.Participants <= size);
        // Pixels at two decimals (Plotly as written here) leave a few bits per coordinate: then a person looks.
        if (style == "plotly in HTML")
        {
            Assert.NotEqual(Verdict.Release, report.Verdict);
            return;
        }
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Evidence.ContainsKey("pointsHeld"));
        // matplotlib's six decimals give the values back exactly; svglite's two leave the rarer pairs to be told apart.
        Assert.True(report.Participants >= panel.Points.Count * (style == "matplotlib" ? 0.9 : 0.1), $"{report.Participants} of {panel.Points.Count} found");
    }

    [Fact]
    public void Plots_of_aggregates_and_simulated_points_are_not_blocked()
    {
        var adversary = Adversary();
        foreach (var look in new ILookAlike[] { new HistogramSvg(), new BarChartSvg(), new MeansByAgeLinePlot(), new GroupMeansScatter(), new SimulatedScatterSvg(), new JointFitScatterSvg() })
            for (var seed = 1; seed <= 4; seed++)
            {
                var file = look.Make(adversary, new Random(seed)).Single();
                var path = cohort.NewFile(file.Name);
                File.WriteAllBytes(path, file.Content);
                var report = cohort.Check(path);
                output.WriteLine($"{look.Name} {seed}: {report.Verdict} ({string.Join(",", report.Findings.Select(f => f.Rule))})");
                Assert.NotEqual(Verdict.Block, report.Verdict);
                if (look is SimulatedScatterSvg or JointFitScatterSvg) Assert.Contains(report.Findings, f => f.Rule == PlotPointsRule.ReviewRule);
                else Assert.Equal(Verdict.Release, report.Verdict);
            }
    }

    [Fact]
    public void Plots_in_notebook_outputs_and_data_uris_are_read()
    {
        var adversary = Adversary();
        var random = new Random(21);
        var slice = adversary.Slice(150, random);
        var table = new LeakTable(slice.Header[1..], slice.Rows.Select(r => r[1..]).ToList());
        var svg = PlotSvg.Matplotlib(PlotColumns.Panels(table, random, 2), random);
        var lines = string.Join(",", svg.Split('\n').Select(l => System.Text.Json.JsonSerializer.Serialize(l + "\n")));
        var notebook = "{\"cells\":[{\"cell_type\":\"code\",\"execution_count\":1,\"metadata\":{},\"source\":[\"plt.scatter(df.x, df.y)\"],\"outputs\":[" +
                       "{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/svg+xml\":[" + lines + "],\"text/plain\":[\"<Figure>\"]}}]}]," +
                       "\"metadata\":{\"kernelspec\":{\"name\":\"python3\",\"display_name\":\"Python 3\",\"language\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}";
        var html = "<!DOCTYPE html><html><body><h1>Figures</h1><img alt=\"scatter\" src=\"data:image/svg+xml;base64," +
                   Convert.ToBase64String(Encoding.UTF8.GetBytes(svg)) + "\"></body></html>";
        foreach (var (name, content) in new[] { ("analysis.ipynb", notebook), ("figures.html", html) })
        {
            var path = cohort.NewFile(name);
            File.WriteAllText(path, content);
            var report = cohort.Check(path);
            output.WriteLine($"{name}: {report.Verdict}, {report.Participants}: {string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}"))}");
            Assert.Equal(Verdict.Block, report.Verdict);
            Assert.True(report.Participants >= 135, $"{name}: {report.Participants} of 150");
        }
    }

    [Fact]
    public void A_few_participants_points_are_looked_at_or_blocked()
    {
        var adversary = Adversary();
        // One to three points are a few bits each (a pair may be held by chance in one plot of 30): often below even the review bar.
        foreach (var size in new[] { 4, 5, 6, 10 })
        {
            var random = new Random(300 + size);
            var slice = adversary.Slice(size, random);
            var table = new LeakTable(slice.Header[1..], slice.Rows.Select(r => r[1..]).ToList());
            var path = cohort.NewFile("few.svg");
            File.WriteAllText(path, PlotSvg.Matplotlib(PlotColumns.Panels(table, random, 2), random));
            var report = cohort.Check(path);
            output.WriteLine($"{size}: {report.Verdict}, {report.Participants}: {string.Join("; ", report.Findings.Select(f => f.Message))}");
            Assert.NotEqual(Verdict.Release, report.Verdict);
            if (size == 10) Assert.Equal(Verdict.Block, report.Verdict);
        }
    }

    [Fact]
    public void The_pooled_bound_is_the_chernoff_bound()
    {
        Assert.Equal(0, PlotPointsRule.Bits(0, 1));
        Assert.Equal(0, PlotPointsRule.Bits(3, 5));
        // k = 10 held where 1 was expected: e^-1 (e/10)^10 ≈ 8.3e-7, about 20.2 bits.
        Assert.InRange(PlotPointsRule.Bits(10, 1), 20.1, 20.3);
    }

    [Fact]
    public void Damaged_plots_are_read_without_a_crash_and_not_released()
    {
        var adversary = Adversary();
        var random = new Random(11);
        var slice = adversary.Slice(200, random);
        var table = new LeakTable(slice.Header[1..], slice.Rows.Select(r => r[1..]).ToList());
        var svg = PlotSvg.Matplotlib(PlotColumns.Panels(table, random, 2), random);
        // Cut anywhere: truncated, never released.
        foreach (var cut in new[] { 0.1, 0.37, 0.5, 0.81, 0.99 })
        {
            var path = cohort.NewFile("cut.svg");
            File.WriteAllText(path, svg[..(int)(svg.Length * cut)]);
            var report = cohort.Check(path);
            Assert.NotEqual(Verdict.Release, report.Verdict);
            Assert.DoesNotContain(report.Findings, f => f.Rule == "internal-error");
        }
        // Hostile markup: unreadable transforms, unbalanced and deep nesting, huge and non-finite numbers.
        var hostile = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg'>");
        for (var i = 0; i < 5000; i++) hostile.Append("<g transform='matrix(1e308 0 0 1e308 1e308 -1e308) rotate(x'>");
        for (var i = 0; i < 300; i++) hostile.Append(CultureInfo.InvariantCulture, $"<circle cx='{(i % 2 == 0 ? "NaN" : "1e400")}' cy='{i}'/><use x='1' y='2'/><text x='1e308' y='-1e308'>1e308</text>");
        hostile.Append("</text></g></g></svg>");
        var hostilePath = cohort.NewFile("hostile.svg");
        File.WriteAllText(hostilePath, hostile.ToString());
        var hostileReport = cohort.Check(hostilePath);
        Assert.DoesNotContain(hostileReport.Findings, f => f.Rule == "internal-error");
        Assert.NotEqual(Verdict.Release, hostileReport.Verdict);
    }
}
